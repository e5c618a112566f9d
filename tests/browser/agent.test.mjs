// The agent portal in real headless Chromium, its people's main jobs: an agent books for a customer on the agency's
// account, cancels and sees the credit come back; the agency's administrator downloads a statement and adds a user.
// axe-core (WCAG 2.1 A/AA, zero violations) on each screen, in English and Danish.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Server, axeClean, launchChromium, openDeskPage, todayPlus } from './jetway.mjs';

const PASSWORD = 'a long portal passphrase';
const AGENCY = {
  code: '12345675', name: 'Nordlys Rejser', contact_name: 'Ida Hansen', email: 'booking@nordlys.example',
  phone: '+45 33 12 34 56', address_line1: 'Vesterbrogade 10', address_line2: '', postcode: '1620',
  city: 'København V', country: 'dk', currency: 'DKK', airlines: 'X9', settlement: 'net',
};

let server;
let browser;
let agencyId;

// The airline sets the agency up as its staff would, through the back office's forms.
async function setUpAgency() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.officeBase}/login`);
  await page.getByLabel('E-mail address').fill('chief@airline.example');
  await page.getByLabel(/^Password$/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.officeBase}/`);
  await page.goto(`${server.officeBase}/agencies`);
  const csrf = await page.locator('input[name=csrf]').first().inputValue();
  const added = await page.request.post(`${server.officeBase}/agencies`, { form: { ...AGENCY, csrf }, maxRedirects: 0 });
  assert.equal(added.status(), 303);
  agencyId = added.headers().location.match(/\/agencies\/(\d+)/)[1];
  const limited = await page.request.post(`${server.officeBase}/agencies/${agencyId}/credit-limit`,
                                          { form: { credit_limit: '50000.00', csrf }, maxRedirects: 0 });
  assert.equal(limited.status(), 303);
  await context.close();
}

before(async () => {
  server = new Server({ admin: true, agent: true });
  server.addStaff('chief@airline.example', 'administrator', PASSWORD);
  await server.start();
  browser = await launchChromium();
  await setUpAgency();
  server.addStaff('chef@nordlys.example', 'agency_admin', PASSWORD, AGENCY.code);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function openPortal(lang = 'en') {
  return openDeskPage(browser, lang, { acceptDownloads: true });
}

async function signIn(page, email, lang = 'en') {
  await page.goto(`${server.agentBase}/login?lang=${lang}`);
  await page.getByLabel(/^E-mail address$|^E-mailadresse$/).fill(email);
  await page.getByLabel(/^Password$|^Adgangskode$/).fill(PASSWORD);
  await page.getByRole('button', { name: /^Sign in$|^Log ind$/ }).click();
  await page.waitForURL(`${server.agentBase}/`);
}

// "DKK -1,234.50" as a number.
function amount(text) {
  return Number(text.replace(/[^0-9.-]/g, ''));
}

async function balance(page) {
  await page.goto(`${server.agentBase}/agencies/${agencyId}`);
  return amount(await page.locator('dd[data-balance]').innerText());
}

test('an agent books for a customer on account, cancels, and sees the credit come back', async () => {
  const page = await openPortal();
  await page.goto(`${server.agentBase}/`);
  assert.match(page.url(), /\/login\?next=%2F$/);
  await axeClean(page, 'portal sign-in');
  await signIn(page, 'chef@nordlys.example');
  await page.getByRole('heading', { name: 'Agent portal', level: 1 }).waitFor();
  await axeClean(page, 'portal home');
  const before = await balance(page);
  await axeClean(page, 'the agency');

  await page.goto(`${server.agentBase}/`);
  await page.getByRole('link', { name: 'Book for a customer' }).click();
  await page.getByLabel('From (airport code)').fill('CPH');
  await page.getByLabel('To (airport code)').fill('HAM');
  await page.getByLabel('Date', { exact: true }).fill(todayPlus(21));
  await page.getByRole('button', { name: 'Search flights' }).click();
  const gross = await page.locator('td[data-gross]').first().innerText();
  const net = await page.locator('td[data-net]').first().innerText();
  assert.match(gross, /DKK/);
  assert.equal(amount(net), amount(gross));  // no commission rules: net is gross
  await axeClean(page, 'search results');
  await page.getByRole('button', { name: /^Hold class/ }).first().click();
  await page.waitForURL(/\/bookings\/[A-Z0-9]{6}\?done=held$/);
  const locator = page.url().match(/\/bookings\/([A-Z0-9]{6})/)[1];
  await axeClean(page, 'the held booking with its payment form');
  await page.getByLabel('Title', { exact: true }).selectOption('MS');
  await page.getByLabel('First name', { exact: true }).fill('Karen');
  await page.getByLabel('Last name', { exact: true }).fill('Kunde');
  await page.getByLabel('E-mail address', { exact: true }).fill('karen@kunde.example');
  await page.getByLabel('Phone', { exact: true }).fill('+45 40 40 40 40');
  assert.ok(await page.getByLabel("On the agency's account").isChecked());
  await page.getByRole('button', { name: 'Confirm the booking' }).click();
  await page.waitForURL(new RegExp(`/bookings/${locator}\\?done=paid$`));
  assert.equal(await page.locator('dd[data-status]').innerText(), 'CONFIRMED');
  await axeClean(page, 'the confirmed booking');
  const charged = await balance(page);
  assert.ok(charged < before, `the account was charged (${before} -> ${charged})`);

  await page.goto(`${server.agentBase}/bookings/${locator}`);
  await page.getByRole('button', { name: 'Cancel the booking' }).click();
  await page.waitForURL(new RegExp(`/bookings/${locator}\\?done=cancelled$`));
  assert.equal(await page.locator('dd[data-status]').innerText(), 'CANCELLED');
  const after = await balance(page);
  assert.ok(after > charged && after <= before, `the refund came back (${charged} -> ${after})`);
  assert.deepEqual(page.problems, []);
});

test("the agency's administrator downloads a statement and adds a user, in Danish", async () => {
  const page = await openPortal('da');
  await signIn(page, 'chef@nordlys.example', 'da');
  await page.goto(`${server.agentBase}/agencies/${agencyId}`);
  await axeClean(page, 'the agency (da)');
  const month = new Date().toISOString().slice(0, 7);
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`a[href="/agencies/${agencyId}/statement.pdf?month=${month}"]`).click(),
  ]);
  const file = await pdf.path();
  assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');

  await page.goto(`${server.agentBase}/users`);
  await page.getByRole('heading', { name: 'Bureauets brugere' }).waitFor();
  await axeClean(page, 'users (da)');
  await page.getByLabel('E-mailadresse', { exact: true }).fill('ny@nordlys.example');
  await page.getByLabel('Navn', { exact: true }).fill('Ny Medarbejder');
  await page.getByLabel('Rolle', { exact: true }).selectOption('agent');
  await page.getByRole('button', { name: 'Tilføj en medarbejder' }).click();
  const oneTime = await page.locator('[data-one-time-password]').innerText();
  assert.match(oneTime, /^\w{16,}$/);
  await axeClean(page, 'user added (da)');
  assert.deepEqual(page.problems, []);
});
