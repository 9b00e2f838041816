/*
 * test_offline.js - the diary installs like an app and works without a
 * network, on a 360 px phone: the manifest and the service worker are
 * served under the pages' strict Content-Security-Policy; with the
 * context offline the patient enters tonight's sleep and today's pain,
 * the page says they are saved on the phone and counts them, survives a
 * reload, and when the phone is online again the server holds exactly
 * one day with both halves; the same entry id sent twice leaves one day.
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

const days = () => h.cliJson(server.db, ['diary', 'list', String(server.patient.id)]);

test('the manifest and the service worker are served', async () => {
	const r = await fetch(server.url('/manifest.webmanifest'));
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type'), /application\/manifest\+json/);
	const m = await r.json();
	assert.equal(m.start_url, '/diary');
	assert.ok(m.name && m.theme_color && m.icons.length > 0);
	const sw = await fetch(server.url('/sw.js'));
	assert.equal(sw.status, 200);
	assert.match(sw.headers.get('content-type'), /javascript/);
	const csp = sw.headers.get('content-security-policy');
	assert.match(csp, /script-src 'self'/);
	assert.doesNotMatch(csp, /unsafe-inline/);
});

test('offline entries are kept on the phone and sent once when online', async () => {
	await h.login(page, server, 'pat@example.org');
	await page.waitForURL(/\/diary/);
	/* The service worker takes the page over. */
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
	/* The form is filled in once the diary has loaded. */
	await page.locator('#sleep-form[aria-busy="false"]').waitFor();
	const today = await page.locator('#sleep-date').inputValue();
	assert.match(today, /^\d{4}-\d\d-\d\d$/);

	await browser.context.setOffline(true);
	browser.expected.push(/ERR_INTERNET_DISCONNECTED/, /status of 503/, /Failed to fetch/);
	/* Offline means offline for the service worker too: a read it never
	 * kept gets its offline answer, not the server's. */
	const probe = await page.evaluate(async (pid) => {
		const r = await fetch('/api/v1/patients/' + pid + '/summary?probe=1');
		return [r.status, (await r.json()).error.code];
	}, server.patient.id);
	assert.deepEqual(probe, [503, 'offline']);
	await page.goto(server.url('/diary#sleep'));
	const sleep = page.locator('#sleep');
	await sleep.getByRole('heading', { name: 'Last night\'s sleep' }).waitFor();
	await sleep.getByLabel('Went to bed').fill('23:00');
	await sleep.getByLabel('Tried to sleep').fill('23:15');
	await sleep.getByLabel('Minutes to fall asleep').fill('20');
	await sleep.getByLabel('Times woke up').fill('2');
	await sleep.getByLabel('Minutes awake').fill('25');
	await sleep.getByLabel('Last woke up').fill('06:30');
	await sleep.getByLabel('Got out of bed').fill('06:45');
	await sleep.locator('label[for="quality-2"]').click();
	await sleep.getByRole('button', { name: 'Save sleep' }).click();
	await sleep.locator('#sleep-msg.info').waitFor();
	assert.match(await sleep.locator('#sleep-msg').textContent(),
		/Saved on this phone — will be sent when you are online/);
	assert.match(await page.locator('#outbox').textContent(), /^1 entry saved on this phone — will be sent when you are online/);

	await page.getByRole('link', { name: 'Evening: pain', exact: true }).click();
	const pain = page.locator('#pain');
	await pain.locator('label[for="pain-4"]').click();
	await pain.locator('label[for="pain_worst-6"]').click();
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await pain.locator('#pain-msg.info').waitFor();
	await page.locator('#outbox', { hasText: /^2 entries/ }).waitFor();
	await h.screenshot(page, 'offline-1-two-waiting-360');
	assert.deepEqual(days(), [], 'the server got an entry while offline');

	/* Reload without a network: the page, and what waits. */
	await page.reload();
	await page.locator('#outbox', { hasText: /^2 entries saved on this phone/ }).waitFor();
	await page.getByRole('link', { name: 'Morning: sleep', exact: true }).click();
	assert.equal(await page.getByLabel('Went to bed').inputValue(), '23:00');
	assert.match(await page.locator('#sleep-from').textContent(), /Saved on this phone, to be sent when you are online/);
	await h.screenshot(page, 'offline-2-reloaded-360');

	/* Online: both are sent, once, into one day. */
	await browser.context.setOffline(false);
	await page.locator('#outbox').waitFor({ state: 'hidden', timeout: 20000 });
	const got = days();
	assert.equal(got.length, 1);
	assert.equal(got[0].date, today);
	assert.equal(got[0].bed, '23:00');
	assert.equal(got[0].wakes, 2);
	assert.equal(got[0].pain, 4);
	assert.equal(got[0].pain_worst, 6);
	await h.screenshot(page, 'offline-3-sent-360');
});

test('the same entry id sent twice leaves one day', async () => {
	const r = await page.evaluate(async (pid) => {
		const s = await (await fetch('/api/v1/session')).json();
		const post = (body) => fetch('/api/v1/patients/' + pid + '/diary', { method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
			body: JSON.stringify(body) }).then((x) => x.json());
		const body = { date: s.today, activity_min: 30, entry_id: 'twice-0000-0001' };
		const a = await post(body);
		const b = await post(body);
		return [a, b];
	}, server.patient.id);
	assert.deepEqual(r[0], r[1]);
	const got = days();
	assert.equal(got.length, 1);
	assert.equal(got[0].activity_min, 30);
	assert.equal(got[0].pain, 4);
});

test('no script errors and no Content-Security-Policy violations', () => {
	assert.deepEqual(browser.problems, []);
});
