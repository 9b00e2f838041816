/*
 * test_sleep_device.js - a patient on a 360 px phone uploads a small
 * sleep export from the diary's progress page (progress shown), sees what
 * the tracker recorded beside the diary, and the practitioner's chart at
 * 1280 px draws the tracker's hours asleep as a second line beside the
 * diary's, with the sentence on their difference.  The export is made
 * here: three nights in the generic CSV, no real person's data.
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

let server, browser, page;

const iso = (d) => d.toISOString().slice(0, 10);
const daysAgo = (n) => new Date(Date.now() - n * 86400000);

before(async () => {
	server = await h.startServer();
	const pid = String(server.patient.id);
	/* Diary nights of 7 h (bed 23:00, asleep 23:00 to 06:00). */
	for (const n of [1, 2, 3])
		h.cli(server.db, ['diary', 'add', pid, '--date', iso(daysAgo(n)), '--bed', '23:00',
			'--try', '23:00', '--sol', '0', '--waso', '0', '--final', '06:00', '--up', '06:00',
			'--pain', '5']);
	browser = await h.startBrowser({ width: 360, height: 740 });
	page = browser.page;
});

after(async () => {
	if (browser)
		await browser.close();
	if (server)
		await server.stop();
});

/* The tracker: asleep from 23:00 UTC for 6 h, 6 h 30 and 6 h 40. */
function exportCsv() {
	const rows = ['start,end,state'];
	[[1, 360], [2, 390], [3, 400]].forEach(([n, min]) => {
		const bed = new Date(daysAgo(n + 1).toISOString().slice(0, 10) + 'T23:00:00Z');
		const end = new Date(bed.getTime() + min * 60000);
		rows.push(bed.toISOString().replace('.000', '') + ',' +
			end.toISOString().replace('.000', '') + ',asleep');
	});
	return rows.join('\n') + '\n';
}

test('a patient uploads a tracker export at 360 px and sees it beside the diary', async () => {
	await h.login(page, server, 'pat@example.org');
	await page.waitForURL(/\/diary/);
	await page.getByRole('link', { name: 'My progress', exact: true }).click();
	const prog = page.locator('#progress');
	await prog.locator('#tracker-words p').first().waitFor();
	assert.match(await prog.locator('#tracker-words').textContent(), /No nights from a phone or sleep tracker yet/);
	await prog.getByLabel('What the file is').selectOption('csv');
	await prog.getByLabel('The file', { exact: true }).setInputFiles({ name: 'sleep.csv', mimeType: 'text/csv',
		buffer: Buffer.from(exportCsv()) });
	await prog.getByRole('button', { name: 'Upload' }).click();
	await prog.locator('#tracker-msg.ok').waitFor();
	assert.match(await prog.locator('#tracker-msg').textContent(), /3 nights read: 3 new, 0 updated, 0 already here/);
	assert.equal(await prog.locator('#tracker-progress').evaluate((n) => n.value), 1);
	await prog.locator('#tracker-line').waitFor();
	assert.match(await prog.locator('#tracker-line').textContent(),
		/your tracker recorded about 6 h 23 min asleep a night \(3 nights\); your diary says about 7 h 0 min/);
	assert.match(await prog.locator('.chart-key').textContent(), /sleep tracker: dotted orange line/);
	/* Today has no entry (a gap row); yesterday is the newest day. */
	const row = prog.locator(`#days tbody tr[data-date="${iso(daysAgo(1))}"]`);
	assert.deepEqual(await row.locator('td').allTextContents(), ['5', '—', '7 h 0 min', '6 h 0 min', '—']);
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 360, 'the page is ' + width + ' px wide');
	await prog.locator('#tracker').scrollIntoViewIfNeeded();
	await h.screenshot(page, 'sleep-device-1-patient-360');
	assert.deepEqual(browser.problems, []);
});

test('a Withings file is placed on diary days by the phone\'s time zone', async () => {
	/* The phone is in Tokyo (+09:00): asleep 14:00-21:00 UTC is 23:00 to
	 * 06:00 there, the night before the next day; read as UTC it would be
	 * an afternoon's sleep. */
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Tokyo' });
	const day = iso(daysAgo(20));
	const start = Date.parse(day + 'T14:00:00Z') / 1000;
	const answer = { status: 0, body: { series: [
		{ startdate: start, enddate: start + 7 * 3600, state: 1, model: 'ScanWatch', model_id: 93 }] } };
	const prog = page.locator('#progress');
	await prog.getByLabel('What the file is').selectOption('withings');
	await prog.getByLabel('The file', { exact: true }).setInputFiles({ name: 'sleep.json', mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(answer)) });
	await prog.getByRole('button', { name: 'Upload' }).click();
	await prog.locator('#tracker-msg.ok', { hasText: /1 night read: 1 new/ }).waitFor();
	const nights = h.cliJson(server.db, ['sleep', 'list', String(server.patient.id), '--from', day]);
	const w = nights.filter((n) => n.source === 'withings');
	assert.deepEqual(w.map((n) => [n.night, n.asleep_min, n.device]), [[iso(daysAgo(19)), 420, 'ScanWatch']]);
	await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'UTC' });
});

test('the practitioner chart at 1280 px shows both lines and the difference', async () => {
	await page.setViewportSize({ width: 1280, height: 900 });
	/* Signed out as the patient would: the cookie and the page's mark
	 * that this browser is signed in. */
	await page.context().clearCookies();
	await page.evaluate(() => localStorage.clear());
	await h.login(page, server, 'doc@example.org');
	await page.waitForURL(/\/practice$/);
	await page.goto(server.url('/practice/patient?id=' + server.patient.id));
	await page.locator('#device-diff').waitFor();
	assert.match(await page.locator('#device-diff').textContent(),
		/Over the 3 nights both recorded, the diary reports on average 37 minutes more sleep than the device \(diary minus device: mean \+37, SD 21 minutes\)\. Consumer sleep trackers are not polysomnography/);
	assert.match(await page.locator('#device-diff').textContent(), /Chinoy et al\. 2021/);
	assert.match(await page.locator('.chart-key').textContent(), /sleep tracker: dotted orange line/);
	assert.equal(await page.locator('#chart canvas').count(), 1);
	await h.screenshot(page, 'sleep-device-2-chart-1280');
	assert.deepEqual(browser.problems, []);
});
