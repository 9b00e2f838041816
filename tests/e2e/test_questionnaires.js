/*
 * test_questionnaires.js - on a 360 px phone, the diary says how many
 * short questionnaires are due; the patient answers the NRS (one screen)
 * and an ODI whose wording the clinic loaded with --instruments (a test
 * fixture directory), pausing after five of its ten questions, leaving
 * the page and carrying on where they stopped; the server holds both
 * measures scored and marked as the patient's, and the practitioner's
 * chart shows them as patient-reported.  The taps and seconds of each are
 * measured here and printed (bench/RESULTS.md).
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./harness.js');

let server, browser, page;
const timing = {};

before(async () => {
	process.env.BACKREST_INSTRUMENTS = path.resolve(__dirname, '..', 'fixtures', 'instruments');
	server = await h.startServer();
	browser = await h.startBrowser({ width: 360, height: 740 });
	page = browser.page;
});

after(async () => {
	if (browser)
		await browser.close();
	if (server)
		await server.stop();
	delete process.env.BACKREST_INSTRUMENTS;
});

/* A tap: counted, then clicked. */
async function tap(counter, locator) {
	counter.taps++;
	await locator.click();
}

async function narrow() {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 360, 'the page is ' + width + ' px wide');
}

test('the diary says how many short questionnaires are due', async () => {
	await h.login(page, server, 'pat@example.org');
	await page.waitForURL(/\/diary/);
	const banner = page.locator('#due-q');
	await banner.waitFor();
	assert.match(await banner.textContent(), /^\d+ short questionnaires are due$/);
	await h.screenshot(page, 'questionnaires-1-diary-banner-360');
	await page.locator('#due-q-link').click();
	await page.waitForURL(/\/diary\/questionnaires$/);
	await page.locator('#q-list').waitFor();
	assert.match(await page.locator('#q-clinic').textContent(),
		/will ask you .* at your next visit .*Insomnia/);
	await narrow();
	await h.screenshot(page, 'questionnaires-2-list-360');
});

test('the patient answers the NRS: one screen, then send', async () => {
	const c = { taps: 0 };
	const t0 = Date.now();
	await tap(c, page.getByRole('button', { name: /^Start: Pain Numeric Rating Scale/ }));
	await page.locator('#q-run').waitFor();
	assert.equal(await page.locator('#q-count').textContent(), 'One question');
	await narrow();
	await h.screenshot(page, 'questionnaires-3-nrs-360');
	await tap(c, page.locator('label[for="q-opt-6"]'));
	await tap(c, page.getByRole('button', { name: 'Send my answers' }));
	await page.locator('#q-done.ok').waitFor();
	timing.nrs = { taps: c.taps, seconds: (Date.now() - t0) / 1000 };
	assert.match(await page.locator('#q-done').textContent(), /Sent: Pain Numeric/);
	assert.equal(await page.getByRole('button', { name: /Pain Numeric/ }).count(), 0);
});

test('the patient answers a 10-item questionnaire, pausing halfway', async () => {
	const c = { taps: 0 };
	const t0 = Date.now();
	await tap(c, page.getByRole('button', { name: /^Start: Oswestry/ }));
	await page.locator('#q-run').waitFor();
	const codes = [2, 2, 2, 2, 2, 2, 1, 1, 1, 1];
	for (let i = 0; i < 5; i++) {
		await page.locator('#q-count', { hasText: 'Question ' + (i + 1) + ' of 10' }).waitFor();
		assert.match(await page.locator('#q-text').textContent(), new RegExp('section ' + (i + 1) + ' '));
		await tap(c, page.locator('label[for="q-opt-' + codes[i] + '"]'));
	}
	await page.locator('#q-count', { hasText: 'Question 6 of 10' }).waitFor();
	/* Back shows the answer given; Next returns. */
	await tap(c, page.getByRole('button', { name: 'Back' }));
	assert.equal(await page.locator('#q-opt-2').isChecked(), true);
	await tap(c, page.getByRole('button', { name: 'Next' }));
	await narrow();
	await h.screenshot(page, 'questionnaires-4-odi-question-360');
	await tap(c, page.getByRole('button', { name: 'Pause — finish later' }));
	await page.locator('#q-done.ok').waitFor();
	const pausedAt = Date.now();
	/* Nothing is scored while paused. */
	assert.deepEqual(h.cliJson(server.db, ['measure', 'list', String(server.patient.episode.id),
		'--instrument', 'odi']), []);
	/* Later: the diary again, then carry on where they stopped. */
	await page.goto(server.url('/diary'));
	await page.locator('#due-q').waitFor();
	const resumedAt = Date.now();
	await page.locator('#due-q-link').click();
	await page.locator('#q-list').waitFor();
	c.taps++;
	assert.match(await page.locator('#q-items').textContent(), /10 questions, 5 answered/);
	await tap(c, page.getByRole('button', { name: /^Carry on: Oswestry/ }));
	assert.equal(await page.locator('#q-count').textContent(), 'Question 6 of 10');
	for (let i = 5; i < 10; i++) {
		await page.locator('#q-count', { hasText: 'Question ' + (i + 1) + ' of 10' }).waitFor();
		await tap(c, page.locator('label[for="q-opt-' + codes[i] + '"]'));
	}
	await tap(c, page.getByRole('button', { name: 'Send my answers' }));
	await page.locator('#q-done.ok').waitFor();
	timing.odi = { taps: c.taps, seconds: (Date.now() - t0 - (resumedAt - pausedAt)) / 1000 };
	await h.screenshot(page, 'questionnaires-5-sent-360');
	const ms = h.cliJson(server.db, ['measure', 'list', String(server.patient.episode.id)]);
	const got = ms.map((m) => [m.instrument, m.score, m.source]).sort();
	assert.deepEqual(got, [['nrs', 6, 'patient'], ['odi', 32, 'patient']]);
});

test('the practitioner sees the scores marked patient-reported', async () => {
	const doc = await h.startBrowser({ width: 1280, height: 900 });
	try {
		await h.login(doc.page, server, 'doc@example.org');
		await doc.page.waitForURL(/\/practice/);
		await doc.page.goto(server.url('/practice/patient?id=' + server.patient.id));
		const card = doc.page.locator('#measures-card');
		await card.waitFor();
		const text = await card.textContent();
		assert.match(text, /6 \(moderate\), patient-reported/);
		assert.match(text, /32 .*patient-reported/);
		await h.screenshot(doc.page, 'questionnaires-6-chart-1280');
		assert.deepEqual(doc.problems, []);
	} finally {
		await doc.close();
	}
});

test('no script errors and no Content-Security-Policy violations', () => {
	assert.deepEqual(browser.problems, []);
	console.log('taps and seconds: ' + JSON.stringify(timing));
});
