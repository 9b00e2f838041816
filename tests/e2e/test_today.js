/*
 * test_today.js - Today as a practitioner's day runs: the day's
 * appointments first, in time order, each with the patient, home visit or
 * clinic and what is due at it, one click to the session form filled for
 * that visit; then "needs attention" in groups with their counts, a long
 * group folded to its first few with "Show all"; the patient search box.
 * At 1280 px and at 360 px.
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

let server, browser, page, today;

function isoDaysAgo(day, n) {
	const d = new Date(day + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() - n);
	return d.toISOString().slice(0, 10);
}

before(async () => {
	server = await h.startServer();
	browser = await h.startBrowser({ width: 1280, height: 900 });
	page = browser.page;
	await h.login(page, server, 'doc@example.org');
	await page.waitForURL(/\/practice$/);
	await page.waitForFunction(() => typeof BR !== 'undefined' && BR.session);
	today = await page.evaluate(() => BR.session.today);
	const yesterday = isoDaysAgo(today, 1);
	/* Eight patients with an open episode and no diary (a long "Diary
	 * missing" group); two of them have a visit today, the later one
	 * booked first. */
	const made = [];
	for (let i = 1; i <= 8; i++) {
		const p = h.cliJson(server.db, ['patient', 'add', '--name', 'Patient ' + String.fromCharCode(64 + i) + ' Day',
			'--born', '1970-01-0' + (i % 9 || 1)]);
		p.episode = h.cliJson(server.db, ['episode', 'open', String(p.id), '--onset', isoDaysAgo(today, 90)]);
		made.push(p);
	}
	/* Booked as of yesterday, so the morning is not "in the past". */
	h.cli(server.db, ['--today', yesterday, 'visit', 'book', String(made[0].episode.id), '--at', today + 'T14:00',
		'--where', 'home', '--address', '4 Mill Lane']);
	h.cli(server.db, ['--today', yesterday, 'visit', 'book', String(made[1].episode.id), '--at', today + 'T09:00']);
	/* Tomorrow's visit is not today's. */
	h.cli(server.db, ['visit', 'book', String(made[2].episode.id), '--at', isoDaysAgo(today, -1) + 'T10:00']);
});

after(async () => {
	if (browser)
		await browser.close();
	if (server)
		await server.stop();
});

test('the day\'s appointments first, in time order, with what is due; one click to the session form', async () => {
	await page.goto(server.url('/practice'));
	const list = page.locator('#appointment-list');
	await list.waitFor();
	/* Before anything else on the page but the headline figures. */
	const sections = await page.locator('main section h2').allTextContents();
	assert.equal(sections[0], 'Appointments today (2)');
	assert.equal(await page.locator('#figures .figure').count(), 3);
	const items = await list.locator('li').allTextContents();
	assert.equal(items.length, 2);
	assert.match(items[0], /^09:00–09:45 Patient B Day clinic Due: re-screen red flags/);
	assert.match(items[1], /^14:00–14:45 Patient A Day home visit Due: re-screen red flags/);
	await h.screenshot(page, 'today-1-appointments');

	/* Needs attention: counts, the long group folded. */
	const heads = await page.locator('#attention h3').allTextContents();
	const missing = heads.find((x) => x.startsWith('Diary missing'));
	assert.ok(missing, heads.join(' | '));
	const n = Number(/\((\d+)\)/.exec(missing)[1]);
	assert.ok(n >= 8, missing);
	const group = page.locator('#attention ul[data-source="Diary missing"] li');
	assert.equal(await group.count(), n);
	assert.equal(await page.locator('#attention ul[data-source="Diary missing"] li:visible').count(), 5);
	const more = page.locator('#attention button[data-source="Diary missing"]');
	assert.equal(await more.textContent(), 'Show all ' + n);
	await more.click();
	assert.equal(await page.locator('#attention ul[data-source="Diary missing"] li:visible').count(), n);

	/* One click: the session form for that visit. */
	await list.getByRole('link', { name: /Chart the session of 09:00 with Patient B Day/ }).click();
	await page.waitForURL(/\/practice\/session\?episode=\d+&visit=\d+$/);
	await page.locator('#who[data-visit]').waitFor({ state: 'attached' });
	assert.match(await page.locator('#who').textContent(), /Patient B Day .* visit 09:00–09:45, clinic/);
	assert.equal(await page.locator('#session [name="date"]').inputValue(), today);
});

test('the patient search box', async (t) => {
	await page.goto(server.url('/practice'));
	await page.locator('#appointment-list').waitFor();
	const doc = await page.evaluate(() => BR.api('GET', '/api/v1/openapi.json'));
	const get = doc.paths['/api/v1/patients'].get;
	const hasQ = (get.parameters || []).some((x) => x.name === 'q');
	await page.getByLabel(/Find a patient/).fill('Patient C');
	await page.locator('#patients tbody tr').first().waitFor();
	await page.waitForTimeout(600);
	const names = await page.locator('#patients tbody th a').allTextContents();
	assert.deepEqual(names, ['Patient C Day']);
	if (!hasQ) {
		t.skip('GET /api/v1/patients does not take ?q= yet (the API description lists no q): ' +
			'the search was filtered in the page, the server search is not checked');
		return;
	}
	/* By birth date, which only the server searches. */
	await page.getByLabel(/Find a patient/).fill('1970-01-04');
	await page.locator('#patients tbody th a', { hasText: 'Patient D Day' }).waitFor();
	assert.deepEqual(await page.locator('#patients tbody th a').allTextContents(), ['Patient D Day']);
});

test('Today on a phone', async () => {
	await page.setViewportSize({ width: 360, height: 800 });
	await page.goto(server.url('/practice'));
	await page.locator('#appointment-list').waitFor();
	await page.waitForLoadState('networkidle');
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 360, 'Today is ' + width + ' px wide');
	await h.screenshot(page, 'today-2-appointments-360');
	await page.setViewportSize({ width: 1280, height: 900 });
});

test('no script errors, no Content-Security-Policy violations, no accessibility violations', async () => {
	await browser.checkAccessibility();
	assert.deepEqual(browser.problems, []);
});
