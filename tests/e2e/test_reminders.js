/*
 * test_reminders.js - on a 360 px phone, a patient finds "Email
 * reminders" in the diary, asks for the diary reminder with quiet hours
 * and stops the visit reminders; the server holds the choices.  The page
 * an email's stop link opens keeps the link's secret out of the address
 * bar and says plainly when a link is not valid.
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

let server, browser, page;

before(async () => {
	server = await h.startServer();
	browser = await h.startBrowser({ width: 360, height: 740 });
	page = browser.page;
});

after(async () => {
	if (browser)
		await browser.close();
	if (server)
		await server.stop();
});

test('a patient chooses their email reminders from the diary', async () => {
	await h.login(page, server, 'pat@example.org');
	await page.waitForURL(/\/diary/);
	await page.getByRole('link', { name: 'Email reminders' }).click();
	await page.waitForURL(/\/diary\/reminders$/);
	const form = page.locator('#rem-form');
	await form.waitFor();
	assert.equal(await form.getByLabel('The day before each visit').isChecked(), true);
	assert.equal(await form.getByLabel('When I have not filled in my diary').isChecked(), false);
	assert.equal(await page.locator('#diary-opts').isVisible(), false);
	await form.getByLabel('When I have not filled in my diary').check();
	await form.getByLabel('After how many days without an entry').fill('2');
	await form.getByLabel('No emails from').fill('22:00');
	await form.getByLabel('The day before each visit').uncheck();
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 360, 'the page is ' + width + ' px wide');
	await h.screenshot(page, 'reminders-1-settings-360');
	await form.getByRole('button', { name: 'Save my choices' }).click();
	await page.locator('#rem-msg.ok').waitFor();
	const p = h.cliJson(server.db, ['reminders', 'show', String(server.patient.id)]);
	assert.deepEqual(p, { appointment: false, questionnaire: true, diary: true,
		diary_after_days: 2, quiet_from: '22:00', quiet_to: '08:00' });
});

test('the stop page keeps the secret out of the address bar and refuses a bad link', async () => {
	browser.expected.push(/status of 404/);
	await page.goto(server.url('/stop#t=1.' + '0'.repeat(64)));
	await page.locator('#stop').waitFor();
	assert.equal(new URL(page.url()).hash, '');
	await page.getByRole('button', { name: 'Stop these emails' }).click();
	await page.locator('#stop-msg.bad').waitFor();
	assert.match(await page.locator('#stop-msg').textContent(), /used already or is not valid/);
	await h.screenshot(page, 'reminders-2-stop-bad-link-360');
});

test('no script errors and no Content-Security-Policy violations', () => {
	assert.deepEqual(browser.problems, []);
});
