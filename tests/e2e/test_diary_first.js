/*
 * test_diary_first.js - no invented values in the patient's diary.  On a
 * 360 px phone, a patient's first morning and evening entries start
 * empty; saving them untouched stores nothing and asks for the fields; a
 * pain given alone is stored alone (no worst pain or activity made up);
 * the next entry starts from the patient's own last one and says so.
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

const stored = () => h.cliJson(server.db, ['diary', 'list', String(server.patient.id)]);

test('the first morning entry starts empty and an untouched save stores nothing', async () => {
	await h.login(page, server, 'pat@example.org');
	await page.waitForURL(/\/diary/);
	await page.getByRole('link', { name: 'Morning: sleep', exact: true }).click();
	const sleep = page.locator('#sleep');
	await sleep.getByRole('heading', { name: 'Last night\'s sleep' }).waitFor();
	assert.match(await sleep.locator('#sleep-from').textContent(), /First entry: fill in each answer/);
	for (const label of ['Went to bed', 'Tried to sleep', 'Minutes to fall asleep', 'Times woke up',
		'Minutes awake', 'Last woke up', 'Got out of bed'])
		assert.equal(await sleep.getByLabel(label, { exact: true }).inputValue(), '', label + ' is pre-filled');
	assert.equal(await sleep.locator('input[name="quality"]:checked').count(), 0, 'a sleep quality is pre-chosen');
	await h.screenshot(page, 'diary-first-1-sleep-empty-360');
	await sleep.getByRole('button', { name: 'Save sleep' }).click();
	await sleep.locator('#sleep-msg.bad').waitFor();
	assert.match(await sleep.locator('#sleep-msg').textContent(), /Fill in "Went to bed"/);
	await h.screenshot(page, 'diary-first-2-sleep-untouched-save-360');
	assert.deepEqual(stored(), []);
});

test('the first evening entry starts empty; a pain alone is stored alone', async () => {
	await page.getByRole('link', { name: 'Evening: pain', exact: true }).click();
	const pain = page.locator('#pain');
	await pain.getByRole('heading', { name: 'Today\'s pain' }).waitFor();
	assert.match(await pain.locator('#pain-from').textContent(), /First entry/);
	assert.equal(await pain.locator('input[name="pain"]:checked').count(), 0);
	assert.equal(await pain.locator('input[name="pain_worst"]:checked').count(), 0);
	assert.equal(await pain.getByLabel(/Minutes active/).inputValue(), '');
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await pain.locator('#pain-msg.bad').waitFor();
	assert.match(await pain.locator('#pain-msg').textContent(), /Choose your pain today/);
	assert.deepEqual(stored(), []);

	await pain.locator('label[for="pain-3"]').click();
	assert.equal(await pain.locator('input[name="pain_worst"]:checked').count(), 0,
		'choosing the pain chose a worst pain too');
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await pain.locator('#pain-msg.ok').waitFor();
	const days = stored();
	assert.equal(days.length, 1);
	assert.equal(days[0].pain, 3);
	assert.equal(days[0].pain_worst, null, 'a worst pain the patient did not give was stored');
	assert.equal(days[0].activity_min, null, 'minutes active the patient did not give were stored');
	assert.equal(days[0].sol, null);
	assert.equal(days[0].quality, null);
});

test('the next entry starts from the patient\'s own last one and says so', async () => {
	const pain = page.locator('#pain');
	const today = await pain.getByLabel('Day').inputValue();
	const d = new Date(today + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() - 1);
	await pain.getByLabel('Day').fill(d.toISOString().slice(0, 10));
	const from = pain.locator('#pain-from');
	assert.match(await from.textContent(), /Filled in from your entry for .*: check each answer/);
	assert.equal(await from.evaluate((n) => n.classList.contains('from-last')), true);
	assert.equal(await pain.locator('#pain-3').isChecked(), true);
	assert.equal(await pain.locator('input[name="pain_worst"]:checked').count(), 0);
	await h.screenshot(page, 'diary-first-3-from-last-360');
});

test('a tap made while the plan is still loading is kept', async () => {
	/* The plan's education answer is held back (in the page's own fetch,
	 * ahead of the service worker) until the patient has tapped a pain:
	 * its arrival must not clear the form. */
	await page.addInitScript(() => {
		const fetch0 = window.fetch;
		let release;
		const held = new Promise((r) => { release = r; });
		window.brRelease = () => release();
		window.brEducation = 'waiting';
		window.fetch = async (url, init) => {
			if (String(url).endsWith('/education')) {
				await held;
				const r = await fetch0(url, init);
				window.brEducation = 'answered';
				return r;
			}
			return fetch0(url, init);
		};
	});
	await page.reload();
	await page.getByRole('link', { name: 'Evening: pain', exact: true }).click();
	const pain = page.locator('#pain');
	await pain.getByRole('heading', { name: 'Today\'s pain' }).waitFor();
	await pain.locator('label[for="pain-6"]').click();
	assert.equal(await page.evaluate(() => window.brEducation), 'waiting');
	await page.evaluate(() => window.brRelease());
	await page.waitForFunction(() => window.brEducation === 'answered');
	await page.waitForTimeout(200); /* the page handles the answer */
	assert.equal(await pain.locator('#pain-6').isChecked(), true, 'the tap was cleared by the plan loading');
});

test('the entry forms take input only once the diary has loaded', async () => {
	/* The diary's answer is held back: until it arrives the forms are
	 * busy and take nothing, so nothing typed is replaced by it. */
	await page.addInitScript(() => {
		const fetch0 = window.fetch;
		let release;
		const held = new Promise((r) => { release = r; });
		window.brReleaseDiary = () => release();
		window.fetch = async (url, init) => {
			if (/\/diary\?from=/.test(String(url)))
				await held;
			return fetch0(url, init);
		};
	});
	await page.reload();
	await page.getByRole('link', { name: 'Morning: sleep', exact: true }).click();
	const sleep = page.locator('#sleep');
	await sleep.getByRole('heading', { name: 'Last night\'s sleep' }).waitFor();
	await page.waitForFunction(() => typeof window.brReleaseDiary === 'function');
	assert.equal(await page.locator('#sleep-form').getAttribute('aria-busy'), 'true');
	assert.equal(await sleep.getByLabel('Went to bed').isDisabled(), true);
	assert.equal(await page.locator('#pain-form button[type="submit"]').isDisabled(), true);
	await page.evaluate(() => window.brReleaseDiary());
	await sleep.locator('#sleep-from', { hasText: /Saved already|Filled in from|First entry/ }).waitFor();
	assert.equal(await page.locator('#sleep-form').getAttribute('aria-busy'), 'false');
	assert.equal(await sleep.getByLabel('Went to bed').isDisabled(), false);
	assert.equal(await page.locator('#pain-form button[type="submit"]').isDisabled(), false);
});

test('no script errors and no Content-Security-Policy violations', () => {
	assert.deepEqual(browser.problems, []);
});
