// Test harness for the browser tests, the JavaScript twin of tests/http/jw.py's Server: the real jetway binary
// (JETWAY_BIN) over a fresh SQLite data directory with the demo airline, on a free 127.0.0.1 port.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Debian's Chromium, headless, as every browser test runs it.
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.JETWAY_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

// axe-core over the whole document, WCAG 2.1 A and AA rules: each violation with its elements. axe is evaluated
// through the DevTools protocol, which the page's Content-Security-Policy does not govern.
export async function axeViolations(page) {
  return page.evaluate(async (source) => {
    if (!window.axe) (0, eval)(source);
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  }, AXE_SOURCE);
}
// A page of a signed-in desk (the back office, the agent portal) in its own context, in English or Danish, that
// collects what went wrong under it (script errors, failed sub-resources) in page.problems.
export async function openDeskPage(browser, lang = 'en', options = {}) {
  const context = await browser.newContext({ locale: lang === 'da' ? 'da-DK' : 'en-US', timezoneId: 'UTC', ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document') {
      page.problems.push(`${response.status()} for ${response.url()}`);
    }
  });
  return page;
}

// No axe-core violations (WCAG 2.1 A/AA) on the page as it stands.
export async function axeClean(page, label) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${label} (${page.url()})`);
}

export const JETWAY_BIN = process.env.JETWAY_BIN || path.join(here, '..', '..', 'build', 'jetway');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The child's environment: this process's, but always SQLite (the PostgreSQL variables of scripts/test.sh are
// dropped), with fast hold expiry like jw.py.
function childEnv() {
  // Every browser is 127.0.0.1: the limits on what one client may hold are lifted (tests/http covers them).
  const env = { ...process.env, JETWAY_EXPIRY_INTERVAL_MS: '200', JETWAY_THREADS: '8', JETWAY_DRAIN_SECONDS: '0', JETWAY_BACKUP_INTERVAL_SECONDS: '0', JETWAY_STATUS_PROBE_SECONDS: '1', JETWAY_HOLDS_PER_CLIENT: '100000',
                JETWAY_HELD_SEATS_PER_CLIENT_PER_FLIGHT: '100000', JETWAY_HELD_SEATS_PER_CLIENT: '1000000',
                JETWAY_REQUESTS_PER_SECOND_PER_CLIENT: '0', JETWAY_REQUESTS_PER_SECOND_PER_STAFF: '0',
                JETWAY_REQUESTS_PER_SECOND_PER_AGENT: '0',
                // cheap password hashes, as tests/http/jw.py's CHEAP_PASSWORD_HASHES (which says why)
                JETWAY_PASSWORD_HASH_MIB: '1', JETWAY_PASSWORD_HASH_PASSES: '1' };
  for (const key of Object.keys(env)) {
    if (key === 'JETWAY_TEST_POSTGRES' || key === 'JETWAY_TEST_PG_DIR' || key.startsWith('JETWAY_DATABASE_')) {
      delete env[key];
    }
  }
  return env;
}

export function todayPlus(days) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export class Server {
  // `admin`: also serve the back office, on a listener of its own (this.officeBase); `agent`: the agent portal
  // (this.agentBase).
  constructor({ admin = false, agent = false } = {}) {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jetway-browser-'));
    this.env = childEnv();
    this.proc = null;
    this.admin = admin;
    this.agent = agent;
  }

  // A staff user with this password, made as an operator would (`jetway user add`); with `agency` (its code), a
  // travel agency's user.
  addStaff(email, role, password, agency = null) {
    execFileSync(JETWAY_BIN, ['user', 'add', '--data-dir', this.dataDir, '--email', email, '--role', role,
                              '--password-stdin', ...(agency ? ['--agency', agency] : [])],
                 { env: this.env, input: password + '\n', stdio: ['pipe', 'ignore', 'pipe'] });
  }

  async start() {
    execFileSync(JETWAY_BIN, ['demo', '--data-dir', this.dataDir], { env: this.env, stdio: 'ignore', timeout: 180_000 });
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    const args = ['serve', '--data-dir', this.dataDir, '--listen', `127.0.0.1:${this.port}`];
    if (this.admin) {
      this.officePort = await freePort();
      this.officeBase = `http://127.0.0.1:${this.officePort}`;
      args.push('--admin-listen', `127.0.0.1:${this.officePort}`);
    }
    if (this.agent) {
      this.agentPort = await freePort();
      this.agentBase = `http://127.0.0.1:${this.agentPort}`;
      args.push('--agent-listen', `127.0.0.1:${this.agentPort}`);
    }
    const log = fs.openSync(path.join(this.dataDir, 'server.log'), 'a');
    this.proc = spawn(JETWAY_BIN, args, { env: this.env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    let exited = null;
    this.proc.once('exit', (code, signal) => { exited = code ?? signal; });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (exited !== null) throw new Error(`jetway exited with ${exited}: ${this.log().slice(-2000)}`);
      try {
        const response = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (response.status === 200) return this;
      } catch { /* not listening yet */ }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('jetway did not become healthy');
  }

  log() {
    try { return fs.readFileSync(path.join(this.dataDir, 'server.log'), 'utf8'); } catch { return ''; }
  }

  async close() {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise((resolve) => this.proc.once('exit', resolve));
      this.proc.kill('SIGTERM');
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  // GET on the JSON API; answers { status, body }.
  async api(pathAndQuery, headers = {}) {
    const response = await fetch(this.base + pathAndQuery, { headers });
    const text = await response.text();
    let body = text;
    try { body = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, body };
  }

  // POST of a JSON body on the API; answers { status, body }.
  async post(pathOnly, json, headers = {}) {
    const response = await fetch(this.base + pathOnly, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(json) });
    const text = await response.text();
    let body = text;
    try { body = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, body };
  }

  // A paid booking for `adults` adults named Hansen on a direct `origin`-`destination` flight departing between 2
  // and 29 hours from now (inside its check-in window); null when no such flight flies now.
  async paidBookingSoon(origin, destination, adults = 1) {
    const now = Date.now();
    for (const days of [0, 1, 2]) {
      const query = new URLSearchParams({ origin, destination, date: todayPlus(days), adults, currency: 'EUR' });
      const { status, body } = await this.api(`/api/v1/availability?${query}`);
      if (status !== 200) continue;
      for (const journey of body.outbound) {
        const [segment, ...more] = journey.segments;
        const ahead = Date.parse(segment.departure_utc) - now;
        if (more.length || ahead <= 2 * 3600_000 || ahead >= 29 * 3600_000) continue;
        const held = await this.post('/api/v1/bookings', {
          segments: [{ flight_id: segment.flight_id, booking_class: 'M' }],
          passengers: { adults, children: 0, infants: 0 } });
        if (held.status !== 201) throw new Error(`hold: ${held.status} ${JSON.stringify(held.body)}`);
        const passengers = Array.from({ length: adults }, (_, i) => ({
          pax_type: 'ADT', title: 'MS', first_name: `Ida${String.fromCharCode(65 + i)}`, last_name: 'Hansen' }));
        const paid = await this.post(`/api/v1/bookings/${held.body.locator}/confirm`, {
          passengers, contact: { email: 'ida.hansen@example.dk', phone: '+45 32 31 32 31' },
          payment: { method: 'test_card', card: { number: '4242424242424242', expiry_month: 12,
                                                  expiry_year: new Date().getUTCFullYear() + 3, cvc: '123',
                                                  holder: 'IDA HANSEN' } } },
                                   { 'X-Hold-Token': held.body.hold_token });
        if (paid.status !== 200) throw new Error(`confirm: ${paid.status} ${JSON.stringify(paid.body)}`);
        return { locator: held.body.locator, segment };
      }
    }
    return null;
  }

  // By a passenger's last name, or (before names are given) by the hold's secret token.
  async booking(locator, { lastName = 'Hansen', holdToken } = {}) {
    const { status, body } = await this.api(`/api/v1/bookings/${locator}?last_name=${encodeURIComponent(lastName)}`,
                                            holdToken ? { 'X-Hold-Token': holdToken } : {});
    if (status !== 200) throw new Error(`booking ${locator}: ${status} ${JSON.stringify(body)}`);
    return body;
  }
}
