/*
 * test_corrections.js - corrections in the browser.
 *
 * A patient on a 360 px phone writes today's pain, then changes it: the
 * diary asks why (the earlier answer is kept), and saves the correction;
 * a day more than 7 days back says to ask the practitioner.  The
 * practitioner, at 1280 px, sees the diary day and a corrected session
 * marked "corrected" on the chart, with the versions one click away: what
 * changed, by whom, when and why.  A session entered in error is in no
 * table.  No sideways scrolling on the phone, axe clean, no script or CSP
 * errors.  Screenshots in $BR_ARTIFACTS.
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

let server, pat, doc, sid, voided;

function isoDay(n) {
	const d = new Date();
	d.setDate(d.getDate() + n);
	const pad = (x) => String(x).padStart(2, '0');
	return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}

before(async () => {
	server = await h.startServer();
	const e = String(server.patient.episode.id);
	/* A session corrected from the command line, one entered in error,
	 * and a diary day too old for the patient to correct. */
	sid = h.cliJson(server.db, ['session', 'add', e, '--date', isoDay(-2), '--modality', 'acupuncture',
		'--points', 'BL23', '--pain-before', '7', '--pain-after', '5']).id;
	h.cli(server.db, ['edit', String(sid), '--pain-after', '3', '--reason', 'misread the scale']);
	voided = h.cliJson(server.db, ['session', 'add', e, '--date', isoDay(-3), '--modality', 'cupping',
		'--cupping', 'dry']).id;
	h.cli(server.db, ['void', String(voided), '--reason', 'charted on the wrong patient']);
	h.cli(server.db, ['diary', 'add', String(server.patient.id), '--date', isoDay(-10), '--pain', '4']);
	pat = await h.startBrowser({ width: 360, height: 740 });
	doc = await h.startBrowser({ width: 1280, height: 900 });
});

after(async () => {
	for (const b of [pat, doc])
		if (b)
			await b.close();
	if (server)
		await server.stop();
});

test('a patient corrects a diary day on a phone, saying why', async () => {
	const page = pat.page;
	await h.login(page, server, 'pat@example.org');
	await page.waitForURL(/\/diary/);
	await page.getByRole('link', { name: 'Evening: pain', exact: true }).click();
	const pain = page.locator('#pain');
	await pain.locator('#pain-from', { hasText: /Filled in from your entry/ }).waitFor();
	await pain.locator('label[for="pain-6"]').click();
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await pain.locator('#pain-msg.ok', { hasText: /Saved\. Pain 6 out of 10/ }).waitFor();
	assert.match(await pain.locator('#pain-from').textContent(), /To correct an answer, change it, say why/);

	/* Changing a saved answer asks why before anything is sent. */
	await pain.locator('label[for="pain-3"]').click();
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await pain.locator('#pain-msg.bad', { hasText: /changing an answer you saved/ }).waitFor();
	const why = pain.getByLabel('Why are you changing what you saved?');
	assert.ok(await why.isVisible());
	assert.equal(await why.getAttribute('aria-invalid'), 'true');
	assert.equal(h.cliJson(server.db, ['history', 'day', String(server.patient.id), isoDay(0)]).version, 1);
	await why.fill('I tapped the wrong number');
	await h.screenshot(page, 'corrections-1-diary-why-360');
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await pain.locator('#pain-msg.ok', { hasText: /Corrected: Pain 3 out of 10/ }).waitFor();
	assert.match(await pain.locator('#pain-msg').textContent(), /earlier answer is kept/);
	assert.ok(await why.isHidden());
	await h.screenshot(page, 'corrections-2-diary-corrected-360');
	const hist = h.cliJson(server.db, ['history', 'day', String(server.patient.id), isoDay(0)]);
	assert.equal(hist.version, 2);
	assert.deepEqual(hist.versions[0].changes, { pain: { from: 6, to: 3 } });
	assert.equal(hist.versions[0].by, 'pat@example.org');
	assert.equal(hist.versions[0].reason, 'I tapped the wrong number');

	/* Ten days back: the practitioner corrects it. */
	await pain.getByLabel('Day').fill(isoDay(-10));
	await pain.locator('#pain-from', { hasText: /more than 7 days ago: to correct it, ask your practitioner/ }).waitFor();
	await pain.locator('label[for="pain-5"]').click();
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await why.fill('remembered it better');
	pat.expected.push(/403/);
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await pain.locator('#pain-msg.bad', { hasText: /older than 7 days is corrected by your practitioner/ }).waitFor();
	pat.expected.pop();
	assert.equal(h.cliJson(server.db, ['history', 'day', String(server.patient.id), isoDay(-10)]).version, 1);

	const r = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(r <= 360, 'the page is ' + r + ' px wide');
});

test('the practitioner sees "corrected" on the chart with the versions one click away', async () => {
	const page = doc.page;
	await h.login(page, server, 'doc@example.org');
	await page.waitForURL(/\/practice$/);
	await page.goto(server.url('/practice/patient?id=' + server.patient.id));

	/* The diary day the patient corrected. */
	const day = page.locator('#diary tr[data-key="' + isoDay(0) + '"]');
	const mark = day.getByRole('button', { name: /^corrected/ });
	await mark.waitFor();
	assert.equal(await mark.getAttribute('aria-expanded'), 'false');
	assert.equal(await page.locator('#diary tr[data-key="' + isoDay(-10) + '"] button').count(), 0);
	await mark.click();
	const versions = page.locator('#diary tr.history');
	await versions.locator('ol.versions li').first().waitFor();
	const text = await versions.textContent();
	assert.match(text, /Version 2: Corrected/);
	assert.match(text, /by pat@example\.org/);
	assert.match(text, /pain 6 → 3/);
	assert.match(text, /Why: I tapped the wrong number/);
	assert.equal(await mark.getAttribute('aria-expanded'), 'true');
	assert.match(await day.locator('td').nth(0).textContent(), /^3$/);

	/* The session corrected from the command line. */
	const ses = page.locator('#sessions tr[data-key="' + sid + '"]');
	await ses.getByRole('button', { name: /^corrected/ }).click();
	const sv = page.locator('#sessions tr.history');
	await sv.locator('ol.versions li').first().waitFor();
	assert.match(await sv.textContent(), /pain after 5 → 3.*Why: misread the scale/);
	assert.match(await ses.textContent(), /7 → 3/);
	/* Entered in error: in no table, nowhere on the chart. */
	assert.equal(await page.locator('#sessions tr[data-key="' + voided + '"]').count(), 0);
	assert.equal(await page.locator('#sessions tbody tr[data-kind]').count(), 1);
	assert.doesNotMatch(await page.locator('main').textContent(), /cupping|entered in error/i);
	await page.locator('#diary-h').scrollIntoViewIfNeeded();
	await h.screenshot(page, 'corrections-3-chart-1280');
	/* The two cards as they look, for a person to check. */
	const dir = process.env.BR_ARTIFACTS;
	if (dir) {
		await page.locator('section[aria-labelledby="sessions-h"]').screenshot(
			{ path: require('node:path').join(dir, 'corrections-4-chart-sessions-1280.png') });
		await page.locator('section[aria-labelledby="diary-h"]').screenshot(
			{ path: require('node:path').join(dir, 'corrections-5-chart-diary-1280.png') });
	}

	/* A second click hides the versions. */
	await mark.click();
	assert.ok(await versions.isHidden());
	assert.equal(await mark.getAttribute('aria-expanded'), 'false');
});
