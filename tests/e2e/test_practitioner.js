/*
 * test_practitioner.js - a practitioner signs in, records an intake (a
 * new patient and an episode with its onset, shown as a phase), charts a
 * session with points, sides, needling and electroacupuncture settings,
 * and sees both on the patient's chart; the next session form is
 * pre-filled from the last one.  Today lists the patients and who has
 * not written a diary.  No script errors or CSP violations anywhere.
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

let server, browser, page;

before(async () => {
	server = await h.startServer();
	browser = await h.startBrowser({ width: 1280, height: 900 });
	page = browser.page;
});

after(async () => {
	if (browser)
		await browser.close();
	if (server)
		await server.stop();
});

function isoDaysAgo(today, n) {
	const d = new Date(today + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() - n);
	return d.toISOString().slice(0, 10);
}

test('a practitioner records an intake and a session and sees them on the chart', async () => {
	await h.login(page, server, 'doc@example.org');
	await page.waitForURL(/\/practice$/);
	await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
	await page.locator('#patients tbody a', { hasText: 'Pat Diary' }).waitFor();
	await h.screenshot(page, 'practitioner-1-today');

	/* Intake: patient + episode in one form. */
	await page.getByRole('link', { name: 'New patient' }).click();
	await page.waitForURL(/\/practice\/intake$/);
	const form = page.locator('#intake');
	await form.getByLabel('Name').fill('Quinn Intake');
	await form.getByLabel(/Date of birth/).fill('1975-02-03');
	await form.getByLabel('Sex').selectOption('female');
	await form.getByLabel(/Reference/).fill('Q-001');
	const today = await page.evaluate(() => BR.session.today);
	await form.getByLabel('When did this episode start?').fill(isoDaysAgo(today, 100));
	assert.match(await page.locator('#phase').textContent(), /14\.3 weeks ago: chronic/);
	await form.getByLabel(/ICD-10 code/).fill('M54.50');
	await form.getByLabel(/sciatica/).check();
	await h.screenshot(page, 'practitioner-2-intake');
	await form.getByRole('button', { name: 'Save and open the chart' }).click();

	/* The chart of the new patient. */
	await page.waitForURL(/\/practice\/patient\?id=\d+$/);
	await page.getByRole('heading', { name: 'Quinn Intake' }).waitFor();
	const ep = await page.locator('#episode').textContent();
	assert.match(ep, /chronic/);
	assert.match(ep, /low back pain with sciatica/);
	assert.match(ep, /14 weeks/);
	assert.match(ep, /M54\.50/);
	assert.match(await page.locator('#meta').textContent(), /ref Q-001/);

	/* A session: acupuncture with electroacupuncture. */
	await page.getByRole('link', { name: 'Chart a session' }).click();
	await page.waitForURL(/\/practice\/session\?episode=\d+/);
	const s = page.locator('#session');
	await s.locator('#pt-BL23').waitFor();
	assert.equal(await s.getByRole('checkbox', { name: 'Acupuncture', exact: true }).isChecked(), true);
	assert.equal(await page.locator('#ea-box').isHidden(), true);
	await s.getByLabel('Position').selectOption('prone');
	await s.locator('#pt-BL23').check();
	await s.locator('#pt-GV4').check();
	await s.locator('#pt-BL40').check();
	await s.getByLabel('Side of BL40').selectOption('L');
	await s.locator('#pt-HT7').check();
	await s.getByLabel(/Other points/).fill('BL17:R');
	await s.getByLabel('Retention (minutes)').fill('25');
	await s.getByLabel('Needles').fill('9');
	await s.getByRole('checkbox', { name: 'Electroacupuncture', exact: true }).check();
	assert.equal(await page.locator('#ea-box').isVisible(), true);
	await s.getByLabel(/Frequency/).fill('2/100');
	await s.getByLabel('Waveform').selectOption('dense-disperse');
	await s.locator('#ea_minutes').fill('20');
	await s.getByLabel('Intensity (mA)').fill('1.5');
	await s.getByLabel('Pain before (0–10)').fill('6');
	await s.getByLabel('Pain after (0–10)').fill('3');
	await s.getByLabel('bruising').check();
	assert.equal(await s.getByLabel('None').isChecked(), false);
	await s.getByLabel('Notes').fill('Tolerated well.');
	await h.screenshot(page, 'practitioner-3-session-form');
	await s.getByRole('button', { name: 'Save session' }).click();

	/* Back on the chart: the session is listed and counted. */
	await page.waitForURL(/\/practice\/patient\?id=\d+#sessions$/);
	const row = page.locator('#sessions tbody tr').first();
	await row.waitFor();
	const cells = await row.locator('td, th').allTextContents();
	assert.equal(cells[0], 'S1');
	assert.match(cells[2], /acupuncture, electroacupuncture, 25 min, EA 2\/100 Hz/);
	assert.match(cells[3], /BL23/);
	assert.match(cells[3], /BL40:L/);
	assert.match(cells[3], /GV4/);
	assert.match(cells[3], /HT7/);
	assert.match(cells[3], /BL17:R/);
	assert.equal(cells[4], '6 → 3');
	assert.equal(cells[5], 'bruising');
	assert.match(await page.locator('#figures').textContent(), /1sessions, last/);
	await h.screenshot(page, 'practitioner-4-chart-with-session');

	/* The next session starts from this one. */
	await page.getByRole('link', { name: 'Chart a session' }).click();
	await page.waitForURL(/\/practice\/session\?episode=\d+/);
	await page.locator('#prefill').waitFor({ state: 'visible' });
	assert.equal(await s.locator('#pt-BL23').isChecked(), true);
	assert.equal(await s.getByLabel('Side of BL40').inputValue(), 'L');
	assert.equal(await s.getByLabel(/Other points/).inputValue(), 'BL17:R');
	assert.equal(await s.getByLabel('Retention (minutes)').inputValue(), '25');
	assert.equal(await s.getByRole('checkbox', { name: 'Electroacupuncture', exact: true }).isChecked(), true);
	assert.equal(await s.getByLabel(/Frequency/).inputValue(), '2/100');
	assert.equal(await s.getByLabel('Pain before (0–10)').inputValue(), '');
	await s.getByRole('checkbox', { name: 'Electroacupuncture', exact: true }).uncheck();
	await s.getByRole('checkbox', { name: 'Massage', exact: true }).check();
	await s.getByRole('combobox', { name: 'Massage', exact: true }).selectOption('trigger-point');
	await s.getByLabel('low back').check();
	await s.getByRole('button', { name: 'Save session' }).click();
	await page.waitForURL(/#sessions$/);
	await page.locator('#sessions tbody tr').nth(1).waitFor();
	assert.match(await page.locator('#sessions tbody tr').first().textContent(),
		/S2.*acupuncture, massage, 25 min \(trigger-point\)/);
	assert.equal(await page.locator('#chart canvas').count(), 0,
		'no diary yet: the timeline says so instead of drawing an empty chart');
	await h.screenshot(page, 'practitioner-5-chart-two-sessions');
});

test('the chart draws the diary with session markers; Today shows who has no diary', async () => {
	/* The fixture patient writes a diary through the CLI (shared store). */
	const today = await page.evaluate(() => BR.session.today);
	const pid = String(server.patient.id);
	for (let i = 0; i < 3; i++)
		h.cli(server.db, ['diary', 'add', pid, '--date', isoDaysAgo(today, i), '--pain', String(5 - i),
			'--bed', '23:00', '--try', '23:10', '--sol', '20', '--wakes', '1', '--waso', '10',
			'--final', '06:30', '--up', '06:45', '--quality', '2']);
	await page.goto(server.url('/practice'));
	await page.locator('#patients tbody a', { hasText: 'Quinn Intake' }).waitFor();
	const att = await page.locator('#attention').textContent();
	assert.match(att, /Diary missing \(2\)/);
	assert.match(att, /Quinn Intake.*none in 7 days/);
	assert.match(att, /Pat Diary.*3 of 7 days/);
	await h.screenshot(page, 'practitioner-6-today-attention');
	await page.locator('#patients tbody a', { hasText: 'Pat Diary' }).click();
	await page.locator('#chart canvas').waitFor();
	assert.equal(await page.locator('#diary tbody tr').count(), 3);
	assert.match(await page.locator('#figures').textContent(), /4\.0pain, mean of last 7 days/);
	await h.screenshot(page, 'practitioner-7-chart-with-diary');
});

test('no script errors and no Content-Security-Policy violations', () => {
	assert.deepEqual(browser.problems, []);
});
