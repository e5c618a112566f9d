// The passenger booking engine in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// whole journeys ending in a booking whose status the JSON API confirms, a declined then an accepted card,
// validation errors, manage and cancel, the same journey without JavaScript and by keyboard alone, axe-core
// (WCAG 2.1 A/AA, zero violations) on every page type in English and Danish, and the 320 px layout.
// Run: `cd build && ctest -L browser` (browser.ibe), or `JETWAY_BIN=build/jetway tests/browser/run.sh`; the npm
// packages come from `JETWAY_WITH_BROWSER=1 scripts/setup.sh`. Screenshots: $JETWAY_ARTIFACT_DIR or ./artifacts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Server, axeViolations, launchChromium, todayPlus } from './jetway.mjs';

const ARTIFACTS = process.env.JETWAY_ARTIFACT_DIR || path.join(process.cwd(), 'artifacts');

const DATE = todayPlus(12);
const RETURN = todayPlus(16);
const ACCEPTED = '4242 4242 4242 4242';
const DECLINED = '4000 0000 0000 0002';
const LOCATOR_PATH = /\/booking\/([A-Z2-9]{6})(?:\/|\?)/;

let server;
let browser;

before(async () => {
  server = await new Server().start();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function searchPath(params = {}) {
  const query = { origin: 'CPH', destination: 'HAM', date: DATE, adults: 1, children: 0, infants: 0, currency: 'EUR',
                  trip: 'oneway', ...params };
  return '/search?' + new URLSearchParams(query).toString();
}

// A fresh browser context (own cookies) and page; `options` go to browser.newContext.
async function openPage(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // A 4xx page is a document the test asked for; any other failed request or console error is a problem.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document') {
      problems.push(`${response.status()} for ${response.url()}`);
    }
  });
  // A suggestion request still running when the page moves on is aborted by the browser; that is no fault.
  page.on('requestfailed', (request) => {
    const aborted = request.failure()?.errorText === 'net::ERR_ABORTED' && request.resourceType() === 'fetch';
    if (!aborted) problems.push(`request failed: ${request.url()}`);
  });
  page.problems = problems;
  return page;
}

// Navigates and answers the response, insisting on the expected HTTP status.
async function visit(page, url, status = 200) {
  const response = await page.goto(server.base + url);
  assert.equal(response.status(), status, `${url} answered ${response.status()}`);
  return response;
}

// axe-core (WCAG 2.1 A and AA) finds nothing; fails listing each violation and its elements.
async function checkAxe(page, label) {
  const results = await axeViolations(page);
  assert.deepEqual(results, [], `axe on ${label} (${page.url()}):\n${JSON.stringify(results, null, 2)}`);
  checked.add(label);
}
const checked = new Set();

async function noHorizontalScroll(page, label) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  assert.ok(scrollWidth <= 320, `${label} scrolls sideways at 320 px: scrollWidth ${scrollWidth} (client ${clientWidth})`);
}

// The hold's secret token, which a held booking's pages carry in their links and forms (t=expiry.token.signature).
async function holdTokenOf(page) {
  const t = new URL(page.url()).searchParams.get('t') ?? await page.locator('input[name="t"]').first().inputValue();
  return t.split('.')[1];
}

function locatorOf(page) {
  const match = page.url().match(LOCATOR_PATH);
  assert.ok(match, `no booking reference in ${page.url()}`);
  return match[1];
}

// Results page → picks the cheapest fare of the first journey each way → the passengers page.
async function chooseFares(page, { roundTrip = false } = {}) {
  await page.locator('input[name="out"]').first().check();
  if (roundTrip) await page.locator('input[name="ret"]').first().check();
  await Promise.all([page.waitForURL(/\/booking\/[A-Z2-9]{6}\/passengers\?t=/), page.getByRole('button', { name: 'Continue' }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Passengers and contact' }).waitFor();
  return locatorOf(page);
}

// Fills every passenger row on the page (title: the first choice, names IdaA, IdaB… Hansen) and the contact.
async function fillPassengers(page, overrides = {}) {
  for (let i = 0; await page.locator(`#p${i}_first_name`).count(); i++) {
    await page.selectOption(`#p${i}_title`, { index: 1 });
    await page.fill(`#p${i}_first_name`, `Ida${String.fromCharCode(65 + i)}`);
    await page.fill(`#p${i}_last_name`, 'Hansen');
  }
  await page.fill('#email', 'ida.hansen@example.dk');
  await page.fill('#phone', '+45 32 31 32 31');
  for (const [selector, value] of Object.entries(overrides)) await page.fill(selector, value);
}

async function submitPassengers(page) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Continue to payment' }).click()]);
}

async function pay(page, number) {
  await page.fill('#card_number', number);
  await page.fill('#card_expiry_month', '12');
  await page.fill('#card_expiry_year', String(new Date().getUTCFullYear() + 2));
  await page.fill('#card_cvc', '123');
  await page.fill('#card_holder', 'IDA HANSEN');
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Pay / }).click()]);
  return response;
}

async function expectConfirmed(page, locator) {
  await page.getByRole('heading', { level: 1, name: 'Your booking is confirmed' }).waitFor();
  assert.equal(await page.locator('[data-locator]').textContent(), locator);
  assert.equal(await page.locator('[data-status]').getAttribute('data-status'), 'CONFIRMED');
  const booking = await server.booking(locator);
  assert.equal(booking.status, 'CONFIRMED');
  assert.equal(booking.channel, 'web');
  return booking;
}

async function oneWayJourney(page) {
  await visit(page, '/');
  await page.getByRole('heading', { level: 1, name: 'Where would you like to fly?' }).waitFor();
  await page.getByLabel('One way').check();
  await page.getByLabel('From', { exact: true }).fill('CPH');
  await page.getByLabel('To', { exact: true }).fill('HAM');
  await page.getByLabel('Departure date').fill(DATE);
  await Promise.all([page.waitForURL(/\/search\?/), page.getByRole('button', { name: 'Search flights' }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Choose your flights' }).waitFor();
  assert.match(await page.locator('#out-heading').textContent(), /CPH → HAM/);
  const locator = await chooseFares(page);
  assert.equal((await server.booking(locator, { holdToken: await holdTokenOf(page) })).status, 'HELD');
  await fillPassengers(page);
  await submitPassengers(page);
  await page.getByRole('heading', { level: 1, name: 'Payment' }).waitFor();
  await pay(page, ACCEPTED);
  const booking = await expectConfirmed(page, locator);
  assert.deepEqual(booking.passengers.map((p) => [p.pax_type, p.first_name, p.last_name]), [['ADT', 'IDAA', 'HANSEN']]);
  assert.equal(booking.segments.length, 1);
  assert.match(await page.locator('main').textContent(), /MR IDAA HANSEN/);
  return locator;
}

describe('journeys', () => {
  test('one way, one adult, the accepted card', async () => {
    const page = await openPage();
    await oneWayJourney(page);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a bag and a seat with more room bought on the payment page, paid with the booking, each an EMD', async () => {
    const page = await openPage();
    await visit(page, searchPath());
    const locator = await chooseFares(page);
    await fillPassengers(page);
    await submitPassengers(page);
    await page.getByRole('heading', { level: 2, name: 'Bags, meals and seats' }).waitFor();
    await checkAxe(page, 'payment with extras');
    await page.selectOption('#bags_1_1', '1');
    const seats = await page.locator('#seat_1_1 option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(seats.length > 1, 'paid seats are offered');
    await page.selectOption('#seat_1_1', seats[1]);
    assert.match(await page.getByRole('button', { name: /^Pay / }).textContent(), /and the extras chosen/);
    await pay(page, ACCEPTED);
    const booking = await expectConfirmed(page, locator);
    assert.deepEqual(booking.emds.map((e) => [e.passenger, e.code, e.seat ?? null, e.status]).sort(),
                     [[1, 'BAG', null, 'O'], [1, 'SEAT', seats[1], 'O']]);
    const extras = booking.emds.reduce((sum, e) => sum + Number(e.amount.amount), 0);
    assert.equal(Number(booking.payments.at(-1).amount.amount).toFixed(2),
                 (Number(booking.total.amount) + extras).toFixed(2));
    assert.deepEqual(booking.seats.map((s) => s.seat), [seats[1]]);
    assert.equal(await page.locator('[data-emd="O"]').count(), 2);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('return with an adult and an infant on their lap', async () => {
    const page = await openPage();
    await visit(page, searchPath({ trip: 'return', return_date: RETURN, infants: 1 }));
    assert.match(await page.locator('#ret-heading').textContent(), /HAM → CPH/);
    const locator = await chooseFares(page, { roundTrip: true });
    assert.match(await page.locator('form.passengers').textContent(), /Infant 1/);
    const sixMonthsAgo = new Date(Date.now() - 182 * 86400_000).toISOString().slice(0, 10);
    await fillPassengers(page, { '#p1_first_name': 'Lille', '#p1_last_name': 'Hansen', '#p1_date_of_birth': sixMonthsAgo });
    assert.equal(await page.locator('#p1_infant_of option').count(), 1);
    await page.selectOption('#p1_infant_of', '1');
    await submitPassengers(page);
    await page.getByRole('heading', { level: 1, name: 'Payment' }).waitFor();
    await pay(page, ACCEPTED);
    const booking = await expectConfirmed(page, locator);
    assert.deepEqual(booking.passengers.map((p) => p.pax_type), ['ADT', 'INF']);
    assert.equal(booking.passengers[1].date_of_birth, sixMonthsAgo);
    assert.equal(booking.passengers[1].infant_of, 1, 'the infant travels on adult 1\'s lap');
    assert.deepEqual(booking.segments.map((s) => [s.origin, s.destination]), [['CPH', 'HAM'], ['HAM', 'CPH']]);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('Fjordfly has its own site on q9.localhost: its look, its flights, and what it asks of passengers', async () => {
    const page = await openPage();
    const fjordfly = `http://q9.localhost:${server.port}`;
    const response = await page.goto(fjordfly + '/');
    assert.equal(response.status(), 200);
    assert.match(await page.title(), /Fjordfly/);
    assert.equal(await page.locator('img[src*="logo-q9"]').count(), 1);
    assert.equal(await page.locator('#currency').inputValue(), 'NOK');
    await checkAxe(page, 'Fjordfly home');
    await page.goto(fjordfly + searchPath({ origin: 'OSL', destination: 'TRD', currency: 'NOK' }));
    assert.match(await page.locator('#out-heading').textContent(), /OSL → TRD/);
    assert.match(await page.locator('main').textContent(), /Q9/);
    const locator = await chooseFares(page);
    assert.ok(page.url().startsWith(fjordfly), `the journey stays on Fjordfly's site: ${page.url()}`);
    await fillPassengers(page, { '#p0_nationality': 'NO', '#p0_date_of_birth': '1988-06-01' });
    await submitPassengers(page);
    await page.getByRole('heading', { level: 1, name: 'Payment' }).waitFor();
    await pay(page, ACCEPTED);
    const booking = await expectConfirmed(page, locator);
    assert.equal(booking.airline, 'Q9');
    assert.equal(booking.total.currency, 'NOK');
    assert.equal(booking.passengers[0].nationality, 'NO');
    // The default site sells none of Fjordfly's flights.
    await visit(page, searchPath({ origin: 'OSL', destination: 'TRD', currency: 'NOK' }));
    assert.equal(await page.locator('input[name="out"]').count(), 0);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a declined card, then the accepted card on the same payment page', async () => {
    const page = await openPage();
    await visit(page, searchPath());
    const locator = await chooseFares(page);
    await fillPassengers(page);
    await submitPassengers(page);
    const declined = await pay(page, DECLINED);
    assert.equal(declined.status(), 402);
    const alert = page.locator('.error-summary[role="alert"]');
    assert.match(await alert.textContent(), /Your card was declined/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'alert',
                 'focus moves to the decline message');
    assert.equal((await server.booking(locator, { holdToken: await holdTokenOf(page) })).status, 'HELD');
    // The card holder and expiry are kept; the card number and security code are not.
    assert.equal(await page.inputValue('#card_holder'), 'IDA HANSEN');
    assert.equal(await page.inputValue('#card_number'), '');
    await pay(page, ACCEPTED);
    const booking = await expectConfirmed(page, locator);
    assert.deepEqual(booking.payments.map((p) => p.status).sort(), ['APPROVED', 'DECLINED']);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  // Without JavaScript the server checks the form and answers with the summary and the inline errors.
  test('validation errors from the server: summary, inline errors, focus, and nothing typed is lost', async () => {
    const page = await openPage({ javaScriptEnabled: false });
    await visit(page, searchPath({ adults: 2 }));
    await chooseFares(page);
    await fillPassengers(page, { '#p0_first_name': 'J0hn', '#p1_first_name': 'Karen', '#email': 'not-an-email' });
    await page.selectOption('#p1_title', 'MS');
    const [response] = await Promise.all([
      page.waitForNavigation(), page.getByRole('button', { name: 'Continue to payment' }).click()]);
    assert.equal(response.status(), 422);
    const summary = page.getByRole('alert');
    assert.equal(await summary.count(), 1);
    assert.ok(await summary.isVisible());
    assert.match(await summary.textContent(), /Please correct the following/);
    // Focus lands on the summary, so a screen reader reads it and the next Tab reaches its first link.
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'error-summary');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('[role="alert"]') !== null &&
                                           document.activeElement.tagName), 'A', 'the next Tab reaches the first error link');
    const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links.sort(), ['#email', '#p0_first_name']);
    for (const id of ['p0_first_name', 'email']) {
      const field = page.locator(`#${id}`);
      assert.equal(await field.getAttribute('aria-invalid'), 'true', id);
      const described = await field.getAttribute('aria-describedby');
      assert.ok(described.split(' ').includes(`${id}-error`), `${id} is described by its error`);
      assert.ok(await page.locator(`#${id}-error`).isVisible(), `${id}-error visible`);
      assert.ok((await page.locator(`#${id}-error`).textContent()).length > 5);
    }
    assert.equal(await page.locator('.field-error').count(), 2);
    assert.equal(await page.locator('#p0_last_name').getAttribute('aria-invalid'), null);
    // What was typed is still there.
    assert.equal(await page.inputValue('#p0_first_name'), 'J0hn');
    assert.equal(await page.inputValue('#p1_first_name'), 'Karen');
    assert.equal(await page.inputValue('#p0_last_name'), 'Hansen');
    assert.equal(await page.inputValue('#email'), 'not-an-email');
    assert.equal(await page.inputValue('#phone'), '+45 32 31 32 31');
    assert.equal(await page.inputValue('#p0_title'), 'MR');
    assert.equal(await page.inputValue('#p1_title'), 'MS');
    assert.match(await summary.textContent(), /Adult 1: Use 1–30 letters/, 'a passenger\'s error names the passenger');
    assert.match(await page.title(), /^Error: /);
    // The summary's link takes focus to the field.
    await summary.getByRole('link').first().click();
    assert.match(await page.evaluate(() => document.activeElement?.id), /^(p0_first_name|email)$/);
    // Corrected, the form goes on to payment.
    await page.fill('#p0_first_name', 'John');
    await page.fill('#email', 'john.hansen@example.dk');
    await submitPassengers(page);
    await page.getByRole('heading', { level: 1, name: 'Payment' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  // With JavaScript the same rules are checked before anything is posted, with the server's own messages.
  test('validation in the browser: the server\'s rules and messages, before posting', async () => {
    const page = await openPage();
    await visit(page, searchPath({ adults: 2 }));
    await chooseFares(page);
    const passengersUrl = page.url();
    await fillPassengers(page, { '#p0_first_name': 'J0hn', '#email': 'not-an-email', '#phone': '12' });
    await page.selectOption('#p1_title', '');
    let posted = 0;
    page.on('request', (request) => { if (request.method() === 'POST') posted += 1; });
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.locator('#p0_first_name-error').waitFor();
    assert.equal(posted, 0, 'nothing was posted');
    assert.equal(page.url(), passengersUrl);
    for (const [id, text] of [['p0_first_name', /Use 1–30 letters/], ['p1_title', /Choose a title/],
                              ['email', /valid e-mail address/], ['phone', /7–15 digits/]]) {
      const field = page.locator(`#${id}`);
      assert.equal(await field.getAttribute('aria-invalid'), 'true', id);
      assert.ok((await field.getAttribute('aria-describedby')).split(' ').includes(`${id}-error`), id);
      assert.match(await page.locator(`#${id}-error`).textContent(), text, id);
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'p0_first_name',
                 'focus on the first field in error');
    assert.equal(await page.locator('#p0_last_name').getAttribute('aria-invalid'), null);
    // Corrected, the messages go and the form is posted.
    await page.selectOption('#p1_title', 'MS');
    await page.fill('#p0_first_name', 'John');
    await page.fill('#email', 'john.hansen@example.dk');
    await page.fill('#phone', '+45 32 31 32 31');
    await submitPassengers(page);
    await page.getByRole('heading', { level: 1, name: 'Payment' }).waitFor();
    assert.equal(posted, 1);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the airport combobox suggests as you type and is driven by the keyboard', async () => {
    const page = await openPage();
    await visit(page, '/');
    const from = page.getByRole('combobox', { name: 'From' });
    await from.pressSequentially('copen', { delay: 20 });
    const list = page.getByRole('listbox', { name: /From: suggestions/ });
    await list.waitFor();
    const options = list.getByRole('option');
    // On a loaded machine the keys come slower than the 150 ms pause, so the list may first show what "co" found:
    // wait for the answer to "copen" (the page drops answers to what is no longer typed).
    await options.first().filter({ hasText: /Copenhagen \(CPH\)/ }).waitFor({ timeout: 10_000 });
    assert.ok(await options.count() >= 1);
    assert.match(await options.first().textContent(), /Copenhagen \(CPH\)/);
    assert.equal(await from.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowDown');
    assert.equal(await from.getAttribute('aria-activedescendant'), await options.first().getAttribute('id'));
    assert.equal(await options.first().getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    assert.equal(await from.inputValue(), 'Copenhagen (CPH)');
    assert.equal(await from.getAttribute('aria-expanded'), 'false');
    assert.match(await page.getByRole('status').filter({ hasText: /suggestion/ }).first().textContent(), /\d+ suggestion/);
    // The destination is picked from its suggestions too, so no list is left open over the form when it is sent
    // (on a loaded machine the answer to "HAM" could arrive after the click and cover the button).
    const to = page.getByRole('combobox', { name: 'To' });
    await to.pressSequentially('HAM', { delay: 20 });
    const toList = page.getByRole('listbox', { name: /To: suggestions/ });
    await toList.getByRole('option').first().filter({ hasText: /\(HAM\)/ }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.match(await to.inputValue(), /\(HAM\)$/);
    await page.getByLabel('One way').check();
    await page.getByLabel('Departure date').fill(DATE);
    await Promise.all([page.waitForURL(/\/search\?/), page.getByRole('button', { name: 'Search flights' }).click()]);
    assert.match(await page.locator('#out-heading').textContent(), /CPH → HAM/);
    // The running total follows the chosen fares.
    const total = page.locator('[data-total]');
    assert.equal((await total.textContent()).trim(), '');
    const first = page.locator('input[name="out"]').first();
    await first.check();
    const amount = Number(await first.getAttribute('data-amount')) / 100;
    assert.match(await total.textContent(), new RegExp(`^Total: €${amount.toFixed(2).replace('.', '\\.')}$`));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('manage a booking by reference and last name, then cancel it', async () => {
    const first = await openPage();
    const locator = await oneWayJourney(first);
    await first.context().close();

    const page = await openPage();
    await visit(page, '/manage');
    await page.getByLabel('Booking reference').fill(locator);
    await page.getByLabel('Last name').fill('Jensen');
    const [wrong] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Find booking' }).click()]);
    assert.equal(wrong.status(), 404);
    assert.match(await page.getByRole('alert').textContent(), /No booking matches/);
    assert.equal(await page.inputValue('#locator'), locator);
    await page.getByLabel('Last name').fill('hansen');
    await Promise.all([page.waitForURL(LOCATOR_PATH), page.getByRole('button', { name: 'Find booking' }).click()]);
    assert.equal(locatorOf(page), locator);
    assert.equal(await page.locator('[data-status]').getAttribute('data-status'), 'CONFIRMED');
    await page.getByRole('region', { name: 'Cancel this booking' }).waitFor();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Cancel booking' }).click()]);
    // A second step asks before anything is cancelled.
    await page.getByRole('heading', { level: 1, name: `Cancel booking ${locator}` }).waitFor();
    assert.equal((await server.booking(locator)).status, 'CONFIRMED');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Yes, cancel the booking' }).click()]);
    assert.equal(await page.locator('[data-status]').getAttribute('data-status'), 'CANCELLED');
    assert.equal(await page.getByRole('button', { name: 'Cancel booking' }).count(), 0);
    assert.equal((await server.booking(locator)).status, 'CANCELLED');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('seats, special assistance, a bag and a paid seat, web check-in and boarding passes: chosen, bought, checked in with passports, shown and downloaded', async (t) => {
    const booked = await server.paidBookingSoon('CPH', 'HAM', 2);
    if (!booked) return t.skip('no CPH-HAM flight in its check-in window now');
    for (const [lang, width] of [['en', 320], ['da', 1280]]) {
      if (lang === 'da') {  // a second booking for the Danish pass, as the first is checked in
        const again = await server.paidBookingSoon('CPH', 'HAM', 2);
        booked.locator = again.locator;
      }
      const page = await openPage({ viewport: { width, height: 900 } });
      const check = async (label) => {
        await checkAxe(page, `${label} [${lang}]`);
        if (width === 320) await noHorizontalScroll(page, label);
      };
      await visit(page, `/manage?lang=${lang}`);
      await page.fill('#locator', booked.locator);
      await page.fill('#last_name', 'Hansen');
      await Promise.all([page.waitForURL(LOCATOR_PATH), page.locator('form[action="/manage"] button').click()]);
      await Promise.all([page.waitForNavigation(), page.locator('[data-seats-link]').click()]);
      await page.locator('table.seat-map').waitFor();
      await check('seats');
      // The first passenger takes the second seat offered; the second the fourth.
      const options = await page.locator('#p1_seat option').evaluateAll((os) => os.map((o) => o.value));
      const [first, second] = [options[2], options[4]];
      await page.selectOption('#p1_seat', first);
      await page.selectOption('#p2_seat', second);
      await Promise.all([page.waitForNavigation(), page.locator('form.seats button[type="submit"]').click()]);
      assert.equal(await page.locator('[data-seats-saved]').count(), 1);
      const seats = (await server.booking(booked.locator)).seats.map((s) => [s.passenger, s.seat]);
      assert.deepEqual(seats, [[1, first], [2, second]]);
      await check('booking with seats');
      await Promise.all([page.waitForNavigation(), page.locator('[data-requests-link]').click()]);
      await check('special assistance and meals');
      await page.selectOption('#p1_wheelchair', 'WCHR');
      await page.selectOption('#p2_meal', 'GFML');
      await Promise.all([page.waitForNavigation(), page.locator('form.requests button[type="submit"]').click()]);
      assert.equal(await page.locator('[data-request]').count(), 2);
      const requested = (await server.booking(booked.locator)).ssrs.map((r) => r.element);
      assert.deepEqual(requested.sort(), ['SSR GFML X9 HK1 /P2', 'SSR WCHR X9 HK1 /P1']);
      // A bag for the first passenger and a seat with more room for the second, paid by card: two EMDs.
      await Promise.all([page.waitForNavigation(), page.locator('[data-extras-link]').click()]);
      await check('extras');
      await page.selectOption('#bags_1_1', '1');
      const roomier = (await page.locator('#seat_1_2 option').evaluateAll((os) => os.map((o) => o.value)))[1];
      await page.selectOption('#seat_1_2', roomier);
      await page.fill('#card_number', '4242 4242 4242 4242');
      await page.fill('#card_expiry_month', '12');
      await page.fill('#card_expiry_year', String(new Date().getUTCFullYear() + 2));
      await page.fill('#card_cvc', '123');
      await page.fill('#card_holder', 'IDA HANSEN');
      await Promise.all([page.waitForNavigation(), page.locator('form.extras button[type="submit"]').click()]);
      await page.locator('[data-extras-bought]').waitFor();
      assert.equal(await page.locator('[data-emd="O"]').count(), 2);
      await check('booking with extras');
      const emds = (await server.booking(booked.locator)).emds;
      assert.deepEqual(emds.map((e) => [e.passenger, e.code, e.seat ?? null]).sort(),
                       [[1, 'BAG', null], [2, 'SEAT', roomier]]);

      await Promise.all([page.waitForNavigation(), page.locator('[data-check-in-link]').click()]);
      await check('check-in');
      for (const p of [1, 2]) {
        await page.fill(`#p${p}_nationality`, 'DK');
        await page.fill(`#p${p}_document_number`, `DK0${p}23456`);
        await page.fill(`#p${p}_document_issuing_country`, 'DK');
        await page.fill(`#p${p}_document_expiry`, '2031-05-31');
      }
      // The declaration unticked: the browser will not post (it is required); posted anyway, the server refuses.
      const [refused] = await Promise.all([page.waitForNavigation(),
                                           page.evaluate(() => document.querySelector('form.check-in').submit())]);
      assert.equal(refused.status(), 422);
      await page.getByRole('alert').waitFor();
      await check('check-in refused');
      for (const p of [1, 2]) {  // what was typed is kept
        assert.equal(await page.inputValue(`#p${p}_document_number`), `DK0${p}23456`);
      }
      await page.locator('#declaration').check();
      await Promise.all([page.waitForURL(/\/boarding-pass\?/), page.locator('form.check-in button[type="submit"]').click()]);
      assert.equal(await page.locator('article.boarding-pass').count(), 2);
      assert.equal(await page.locator('article.boarding-pass svg').count(), 2);
      assert.equal(await page.locator('article.boarding-pass [data-seat]').first().textContent(), first);
      const bcbp = await page.locator('article.boarding-pass').first().getAttribute('data-bcbp');
      assert.equal(bcbp.slice(48, 52), first.padStart(4, '0'));
      await check('boarding pass');
      if (width === 320) {
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, `boarding-pass-320-${lang}.png`), fullPage: true });
      }
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-boarding-pdf]').click()]);
      assert.match(download.suggestedFilename(), /^boarding-pass-[A-Z2-9]{6}-1\.pdf$/);
      const coupons = (await server.booking(booked.locator)).tickets.flatMap((t) => t.coupons.map((c) => c.status));
      assert.deepEqual(coupons, ['C', 'C']);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  });

  test('the one-way journey with JavaScript disabled', async () => {
    const page = await openPage({ javaScriptEnabled: false });
    await oneWayJourney(page);
    await page.context().close();
  });
});

// --- keyboard only -------------------------------------------------------------------------------------------
// Only page.keyboard moves and acts; reading document.activeElement is how the test sees where focus is.
async function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    return e ? { tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name'), type: e.getAttribute('type'),
                 value: e.value, text: e.textContent.trim().slice(0, 60), checked: e.checked } : null;
  });
}

// Presses Tab (or Shift+Tab) until the focused element satisfies `want`; fails after `limit` presses.
async function tabTo(page, want, { back = false, limit = 60 } = {}) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f && want(f)) return f;
  }
  throw new Error(`Tab never reached the wanted control; focus is on ${JSON.stringify(await focused(page))}`);
}

async function typeInto(page, id, text) {
  await tabTo(page, (f) => f.id === id);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

test('keyboard only: a one-way booking with Tab, Shift+Tab, Space, arrows, Enter and typing', async () => {
  const page = await openPage();
  await visit(page, '/');
  // The skip link comes first and takes focus to the content.
  let f = await tabTo(page, () => true, { limit: 1 });
  assert.equal(f.text, 'Skip to main content');
  await page.keyboard.press('Enter');
  // Following a same-page link updates the URL asynchronously: wait for it rather than read it at once.
  await page.waitForURL(/#main$/);
  assert.match(page.url(), /#main$/);
  // Trip: the radio group is one Tab stop; an arrow key moves the choice to "One way".
  f = await tabTo(page, (x) => x.name === 'trip');
  if (f.value !== 'oneway') await page.keyboard.press('ArrowDown');
  assert.deepEqual(await focused(page).then((x) => [x.value, x.checked]), ['oneway', true]);
  await typeInto(page, 'origin', 'CPH');
  await typeInto(page, 'destination', 'HAM');
  // Back to the origin with Shift+Tab: it kept what was typed.
  f = await tabTo(page, (x) => x.id === 'origin', { back: true });
  assert.equal(f.value, 'CPH');
  // A date input takes its digits in the locale's order (en-US: month, day, year).
  await tabTo(page, (x) => x.id === 'date');
  const [year, month, day] = DATE.split('-');
  await page.keyboard.type(`${month}${day}${year}`);
  assert.equal((await focused(page)).value, DATE);
  await tabTo(page, (x) => x.tag === 'button' && x.text === 'Search flights');
  await Promise.all([page.waitForURL(/\/search\?/), page.keyboard.press('Enter')]);
  await page.getByRole('heading', { level: 1, name: 'Choose your flights' }).waitFor();

  // Results: Tab into the first journey's fares, Space picks the first, Tab on to Continue.
  f = await tabTo(page, (x) => x.name === 'out');
  await page.keyboard.press('Space');
  f = await focused(page);
  assert.equal(f.checked, true);
  const chosen = f.value;
  await tabTo(page, (x) => x.tag === 'button' && x.text === 'Continue');
  await Promise.all([page.waitForURL(/\/passengers\?t=/), page.keyboard.press('Enter')]);
  const locator = locatorOf(page);
  const booking = await server.booking(locator, { holdToken: await holdTokenOf(page) });
  assert.equal(booking.status, 'HELD');
  assert.equal(chosen.split('.')[2], booking.segments[0].booking_class);

  // Passengers: a select answers to typed letters.
  await tabTo(page, (x) => x.id === 'p0_title');
  await page.keyboard.type('Mr');
  assert.equal((await focused(page)).value, 'MR');
  await typeInto(page, 'p0_first_name', 'Ida');
  await typeInto(page, 'p0_last_name', 'Hansen');
  await typeInto(page, 'email', 'ida.hansen@example.dk');
  await typeInto(page, 'phone', '+45 32 31 32 31');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await page.getByRole('heading', { level: 1, name: 'Payment' }).waitFor();

  // Payment: type every field, then Enter on the Pay button.
  await typeInto(page, 'card_number', ACCEPTED);
  await typeInto(page, 'card_expiry_month', '12');
  await typeInto(page, 'card_expiry_year', String(new Date().getUTCFullYear() + 2));
  await typeInto(page, 'card_cvc', '123');
  await typeInto(page, 'card_holder', 'IDA HANSEN');
  await tabTo(page, (x) => x.tag === 'button' && x.text.startsWith('Pay '));
  await Promise.all([page.waitForURL(LOCATOR_PATH), page.keyboard.press('Enter')]);
  const confirmed = await expectConfirmed(page, locator);
  assert.equal(confirmed.passengers[0].first_name, 'IDA');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// --- axe-core on every page type, and the 320 px layout -------------------------------------------------------
// Walks every page type: home, home with errors, results (one way and return), passengers (and with errors),
// payment (and after a decline), confirmation, cancelled booking, manage (and not found), the message page.
// At `width` 320 each page is also checked for sideways scrolling.
async function everyPageType(page, lang, width) {
  const t = lang === 'da'
    ? { continue: 'Fortsæt', toPayment: 'Fortsæt til betaling', pay: /^Betal /, cancel: 'Annuller booking',
        reallyCancel: 'Ja, annuller bookingen', find: 'Find booking' }
    : { continue: 'Continue', toPayment: 'Continue to payment', pay: /^Pay /, cancel: 'Cancel booking',
        reallyCancel: 'Yes, cancel the booking', find: 'Find booking' };
  const check = async (label) => {
    const name = `${label} [${lang}]`;
    assert.equal(await page.getAttribute('html', 'lang'), lang, name);
    await checkAxe(page, name);
    if (width === 320) await noHorizontalScroll(page, name);
  };
  const shoot = async (label) => {
    if (width !== 320) return;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${label}-320-${lang}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`screenshot: ${file}`);
  };

  await visit(page, `/?lang=${lang}`);
  assert.equal(await page.getAttribute('html', 'lang'), lang);
  await check('home');
  await shoot('home');
  await visit(page, searchPath({ origin: 'Atlantis', infants: 2 }), 422);
  assert.equal(await page.locator('.field-error').count(), 2);
  await check('home with errors');
  await visit(page, searchPath());
  await check('results one way');
  await visit(page, searchPath({ trip: 'return', return_date: RETURN, infants: 1 }));
  await check('results return');
  await shoot('results');

  await page.locator('input[name="out"]').first().check();
  await page.locator('input[name="ret"]').first().check();
  await Promise.all([page.waitForURL(/\/passengers\?t=/), page.getByRole('button', { name: t.continue, exact: true }).click()]);
  const locator = locatorOf(page);
  await check('passengers');
  await fillPassengers(page, { '#p0_first_name': 'J0hn', '#email': 'nope' });
  // The browser's own check first (ibe.js), then the server's: form.submit() skips the submit event, as a browser
  // without the script would post.
  await page.getByRole('button', { name: t.toPayment }).click();
  await page.locator('#p0_first_name-error').waitFor();
  await check('passengers with errors in the browser');
  await Promise.all([page.waitForNavigation(), page.evaluate(() => document.querySelector('form.passengers').submit())]);
  assert.ok(await page.locator('.error-summary').isVisible());
  await check('passengers with errors');
  await fillPassengers(page, {
    '#p1_first_name': 'Lille', '#p1_last_name': 'Hansen',
    '#p1_date_of_birth': new Date(Date.now() - 182 * 86400_000).toISOString().slice(0, 10) });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: t.toPayment }).click()]);
  assert.ok(await page.locator('#card_number').isVisible());
  await check('payment');
  const fill = async (number) => {
    await page.fill('#card_number', number);
    await page.fill('#card_expiry_month', '12');
    await page.fill('#card_expiry_year', String(new Date().getUTCFullYear() + 2));
    await page.fill('#card_cvc', '123');
    await page.fill('#card_holder', 'IDA HANSEN');
    return Promise.all([page.waitForNavigation(), page.getByRole('button', { name: t.pay }).click()]);
  };
  const [declined] = await fill(DECLINED);
  assert.equal(declined.status(), 402);
  await check('payment after decline');
  await fill(ACCEPTED);
  assert.equal(await page.locator('[data-status]').getAttribute('data-status'), 'CONFIRMED');
  await check('confirmation');
  await shoot('confirmation');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: t.cancel }).click()]);
  await check('cancel confirmation');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: t.reallyCancel }).click()]);
  assert.equal(await page.locator('[data-status]').getAttribute('data-status'), 'CANCELLED');
  assert.equal((await server.booking(locator)).status, 'CANCELLED');
  await check('booking cancelled');

  await visit(page, '/manage');
  await check('manage');
  await page.fill('#locator', 'ZZZZZZ');
  await page.fill('#last_name', 'Nobody');
  const [missing] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: t.find }).click()]);
  assert.equal(missing.status(), 404);
  await check('manage not found');
  await visit(page, '/booking/ABCDEF?t=' + '0'.repeat(32), 404);
  assert.equal(await page.locator('[role="alert"][data-code]').count(), 1);
  await check('message');
  assert.deepEqual(page.problems, []);
}

const PAGE_TYPES = ['home', 'home with errors', 'results one way', 'results return', 'passengers',
                    'passengers with errors in the browser', 'passengers with errors', 'payment', 'payment after decline', 'confirmation', 'cancel confirmation', 'booking cancelled',
                    'manage', 'manage not found', 'message'];

describe('accessibility and layout', () => {
  test('axe-core finds nothing on any page type, English, at 320 px, and no page scrolls sideways', async () => {
    const page = await openPage({ viewport: { width: 320, height: 720 } });
    await everyPageType(page, 'en', 320);
    await page.context().close();
  });

  test('axe-core finds nothing on any page type, Danish, at 1280 px', async () => {
    const page = await openPage({ viewport: { width: 1280, height: 900 } });
    await everyPageType(page, 'da', 1280);
    await page.context().close();
  });

  test('the axe check does fail on a broken page (an unlabelled field, text too faint to read)', async () => {
    const page = await openPage();
    await visit(page, '/');
    await page.evaluate(() => {
      document.querySelector('label[for="origin"]').remove();
      document.querySelector('.hint').style.color = '#ccc';
    });
    await assert.rejects(checkAxe(page, 'broken home'), (error) => /"id": "label"/.test(error.message) &&
                                                                    /"id": "color-contrast"/.test(error.message));
    await page.context().close();
  });

  test('every page type was checked in both languages', () => {
    for (const lang of ['en', 'da'])
      for (const type of PAGE_TYPES) assert.ok(checked.has(`${type} [${lang}]`), `${type} [${lang}] not checked`);
  });
});

describe('the API v1 reference', () => {
  test('the reference page draws every operation and the partner credential from the OpenAPI document and tries one here, fetching nothing from elsewhere and breaking no content policy', async () => {
    const page = await openPage();
    const foreign = [];
    const refused = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(server.base) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
    });
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    const response = await page.goto(`${server.base}/api/v1/docs`);
    assert.equal(response.status(), 200);
    const spec = await (await fetch(`${server.base}/api/v1/openapi.json`)).json();
    await page.getByText(spec.paths['/api/v1/bookings'].post.summary).first().waitFor({ timeout: 30_000 });
    for (const [route, operations] of Object.entries(spec.paths))
      for (const operation of Object.values(operations))
        assert.ok(await page.getByText(operation.summary, { exact: true }).count() > 0, `${route}: ${operation.summary}`);
    // The partner credential can be given, and an operation tried against this server.
    await page.getByRole('button', { name: /Authorize/ }).first().click();
    assert.ok(await page.getByText('partnerCredential').count() > 0, 'the security scheme is shown');
    await page.keyboard.press('Escape');
    await page.getByText(spec.paths['/api/v1/routes'].get.summary, { exact: true }).click();
    await page.getByRole('button', { name: 'Try it out' }).click();
    await page.getByRole('button', { name: 'Execute' }).click();
    await page.locator('.live-responses-table .response-col_status').filter({ hasText: '200' }).first().waitFor();
    assert.deepEqual(foreign, []);
    assert.deepEqual(refused, []);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
