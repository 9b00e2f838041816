/*
 * test_patient.js - a patient on a 360 px phone signs in, enters last
 * night's sleep and today's pain, and sees them in the progress view; the
 * next entry starts from the patient's own last one, marked as such (one
 * tap to save); the
 * safety-net page is one tap away; the handout of the current herbal
 * prescriptions with the standing advice.  Also checks what a phone user needs:
 * no sideways scrolling, tap targets of at least 44 px, a label on every
 * control, keyboard use of the scales, no script or CSP errors.
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

/* What a phone screen must satisfy on the visible part of a page. */
/* One screen: the entry's Save button is within the first 800 px (a
 * common 360 x 800 phone) of the page. */
async function oneScreen(where, button) {
	const box = await button.boundingBox();
	const top = await page.evaluate(() => window.scrollY);
	assert.ok(box.y + top + box.height <= 800,
		where + ': Save ends ' + Math.round(box.y + top + box.height) + ' px down the page');
}

async function phoneChecks(where) {
	const r = await page.evaluate(() => {
		const visible = (n) => n.offsetParent !== null || n.getClientRects().length > 0;
		const small = [];
		for (const n of document.querySelectorAll('main button, main .opt, main input[type="time"], main input[type="number"], main input[type="date"]'))
			if (visible(n) && n.getBoundingClientRect().height < 44)
				small.push(n.id || n.textContent.trim());
		const unlabelled = [];
		for (const n of document.querySelectorAll('input, select, textarea')) {
			if (!visible(n) && n.type !== 'radio')
				continue;
			if (!(n.labels && n.labels.length) && !n.getAttribute('aria-label'))
				unlabelled.push(n.id || n.name);
		}
		return { width: document.documentElement.scrollWidth, small, unlabelled };
	});
	assert.ok(r.width <= 360, where + ': the page is ' + r.width + ' px wide');
	assert.deepEqual(r.small, [], where + ': tap targets under 44 px');
	assert.deepEqual(r.unlabelled, [], where + ': controls without a label');
}

test('a patient enters sleep and pain on a phone and sees the progress chart', async () => {
	await h.login(page, server, 'pat@example.org');
	await page.waitForURL(/\/diary/);

	/* Morning: last night's sleep. */
	await page.getByRole('link', { name: 'Morning: sleep', exact: true }).click();
	const sleep = page.locator('#sleep');
	await sleep.getByRole('heading', { name: 'Last night\'s sleep' }).waitFor();
	/* The form opens only once the diary has loaded, saying so. */
	await sleep.locator('#sleep-from', { hasText: /First entry/ }).waitFor();
	assert.equal(await page.locator('#sleep-form').getAttribute('aria-busy'), 'false');
	await sleep.getByLabel('Went to bed').fill('22:45');
	await sleep.getByLabel('Tried to sleep').fill('23:00');
	assert.equal(await sleep.getByLabel('Minutes to fall asleep').inputValue(), '');
	await sleep.getByLabel('Minutes to fall asleep').fill('20');
	await sleep.getByLabel('Times woke up').fill('1');
	await sleep.getByRole('button', { name: '5 minutes more' }).first().click();
	await sleep.getByRole('button', { name: '5 minutes more' }).first().click();
	assert.equal(await sleep.getByLabel('Minutes to fall asleep').inputValue(), '30');
	await sleep.getByLabel('Minutes awake').fill('15');
	await sleep.getByLabel('Last woke up').fill('06:30');
	await sleep.getByLabel('Got out of bed').fill('06:50');
	await sleep.locator('label[for="quality-3"]').click(); /* "Good" */
	await phoneChecks('sleep entry');
	await oneScreen('sleep entry', sleep.getByRole('button', { name: 'Save sleep' }));
	await h.screenshot(page, 'patient-1-sleep-entry-360');
	await sleep.getByRole('button', { name: 'Save sleep' }).click();
	await sleep.locator('#sleep-msg.ok').waitFor();
	assert.match(await sleep.locator('#sleep-msg').textContent(),
		/Saved\. You slept about 6 h 45 min \(good\)/);

	/* Evening: today's pain, keyboard for the scale. */
	await page.getByRole('link', { name: 'Evening: pain', exact: true }).click();
	const pain = page.locator('#pain');
	await pain.getByRole('heading', { name: 'Today\'s pain' }).waitFor();
	await pain.locator('#pain-3').focus();
	await page.keyboard.press('ArrowRight'); /* native radio group: 3 -> 4 */
	assert.equal(await pain.locator('#pain-4').isChecked(), true);
	await pain.locator('label[for="pain_worst-6"]').click();
	await pain.getByLabel(/Minutes active/).fill('30');
	await pain.getByRole('button', { name: '10 minutes more' }).click();
	assert.equal(await pain.getByLabel(/Minutes active/).inputValue(), '40');
	await phoneChecks('pain entry');
	await oneScreen('pain entry', pain.getByRole('button', { name: 'Save pain' }));
	await h.screenshot(page, 'patient-2-pain-entry-360');
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await pain.locator('#pain-msg.ok', { hasText: /Saved\. Pain 4 out of 10 \(moderate\)/ }).waitFor();
	assert.match(await pain.locator('#pain-msg').textContent(), /Saved\. Pain 4 out of 10 \(moderate\)/);

	/* Progress: in words, on the chart and in the table. */
	await page.getByRole('link', { name: 'My progress', exact: true }).click();
	const prog = page.locator('#progress');
	await prog.locator('#words p').first().waitFor();
	const words = await prog.locator('#words').textContent();
	assert.match(words, /your pain was 4\.0 out of 10 on average \(moderate\)/);
	assert.match(words, /You slept about 6 h 45 min a night, and rated your sleep good/);
	/* The pain-sleep pattern as the analysis words it: one day is too
	 * few, and it says so rather than guess. */
	assert.match(await prog.locator('#pattern-sentence').textContent(),
		/Only 1 day in this period has both a sleep-quality and a pain rating; backrest needs at least 14/);
	/* The chart and the table follow the words (after the tracker's
	 * nights are asked for): wait for the chart, then count. */
	await prog.locator('#chart canvas').waitFor();
	assert.equal(await prog.locator('#chart canvas').count(), 1);
	assert.equal(await prog.locator('#chart canvas').getAttribute('role'), 'img');
	const row = prog.locator('#days tbody tr').first();
	assert.deepEqual(await row.locator('td').allTextContents(), ['4', '6', '6 h 45 min', 'good']);
	await phoneChecks('progress');
	await h.screenshot(page, 'patient-3-progress-360');
});

test('the next entry starts from the patient\'s own last one, marked: one tap to save', async () => {
	await page.getByRole('link', { name: 'Morning: sleep', exact: true }).click();
	const sleep = page.locator('#sleep');
	const today = await sleep.getByLabel('Night before').inputValue();
	const d = new Date(today + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() - 1);
	await sleep.getByLabel('Night before').fill(d.toISOString().slice(0, 10));
	assert.match(await sleep.locator('#sleep-from').textContent(), /Filled in from your entry for .*: check each answer/);
	assert.equal(await sleep.getByLabel('Went to bed').inputValue(), '22:45');
	assert.equal(await sleep.getByLabel('Minutes to fall asleep').inputValue(), '30');
	assert.equal(await sleep.locator('#quality-3').isChecked(), true);
	await sleep.getByRole('button', { name: 'Save sleep' }).click();
	await sleep.locator('#sleep-msg.ok', { hasText: /6 h 45 min/ }).waitFor();
	assert.match(await sleep.locator('#sleep-msg').textContent(), /6 h 45 min/);
	await page.getByRole('link', { name: 'My progress', exact: true }).click();
	await page.locator('#days tbody tr[data-date="' + d.toISOString().slice(0, 10) + '"] td.num').first().waitFor();
	/* "Your last 14 days" is 14 calendar days, today first, a day without
	 * an entry a row that says so. */
	const dates = await page.locator('#days tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.date));
	assert.equal(dates.length, 14);
	assert.equal(dates[0], today);
	for (let i = 1; i < 14; i++)
		assert.equal((Date.parse(dates[i - 1]) - Date.parse(dates[i])) / 86400000, 1, dates.join(' '));
	assert.deepEqual(await page.locator('#days tbody tr').nth(2).locator('td').allTextContents(), ['no entry']);
	assert.equal(await page.locator('#days tbody tr.gap').count(), 12);
});

/* The progress page on a phone with many sessions and a month of
 * diary: session labels on the chart never overlap, no element is wider
 * than the screen (nothing cut off, nothing to scroll sideways). */
test('the progress page at 360 px: labels apart, nothing cut off', async () => {
	const pad = (n) => String(n).padStart(2, '0');
	const iso = (t) => { const x = new Date(t); return x.getFullYear() + '-' + pad(x.getMonth() + 1) + '-' + pad(x.getDate()); };
	for (let i = 2; i <= 30; i++)
		h.cli(server.db, ['diary', 'add', String(server.patient.id), '--date', iso(Date.now() - i * 86400000),
			'--pain', String(3 + (i % 4)), '--bed', '23:00', '--try', '23:10', '--sol', '20', '--wakes', '1',
			'--waso', '15', '--final', '06:30', '--up', '07:00', '--quality', '2']);
	/* Sessions on consecutive days: their labels would touch. */
	for (const i of [20, 19, 18, 12, 11, 5, 4])
		h.cli(server.db, ['session', 'add', String(server.patient.episode.id), '--date', iso(Date.now() - i * 86400000), '--modality', 'acupuncture', '--points', 'BL23:B']);
	await page.reload();
	await page.getByRole('link', { name: 'My progress', exact: true }).click();
	await page.locator('#chart[data-session-labels]').waitFor({ state: 'attached' });
	const labels = JSON.parse(await page.locator('#chart').getAttribute('data-session-labels'));
	assert.ok(labels.length >= 3, JSON.stringify(labels));
	for (let i = 1; i < labels.length; i++)
		assert.ok(labels[i].left >= labels[i - 1].right, 'labels overlap: ' + JSON.stringify(labels));
	const wide = await page.evaluate(() => {
		const out = [];
		for (const n of document.querySelectorAll('main *')) {
			const r = n.getBoundingClientRect();
			if (r.width > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5))
				out.push(n.tagName + (n.id ? '#' + n.id : '') + ' ' + Math.round(r.left) + '-' + Math.round(r.right));
		}
		return out;
	});
	assert.deepEqual(wide, [], 'elements wider than the screen');
	await h.screenshot(page, 'patient-6-progress-month-360');
});

test('the safety net is one tap away', async () => {
	await page.getByRole('link', { name: 'Urgent help' }).click();
	await page.waitForURL(/\/help$/);
	const text = await page.locator('main').textContent();
	assert.match(text, /Go to the emergency department now/);
	assert.match(text, /Numbness between your legs/);
	assert.match(text, /Trouble passing or controlling urine or stools/);
	assert.match(text, /Weakness in both legs/);
	await phoneChecks('help');
	await h.screenshot(page, 'patient-4-urgent-help-360');
	await page.getByRole('link', { name: 'Back', exact: true }).click();
	await page.waitForURL(/\/diary/);
});

test('the herbal handout with the standing advice, and the safety net, on the progress view', async () => {
	const eid = String(server.patient.episode.id);
	h.cli(server.db, ['herbal', 'add', eid, '--pinyin', 'Du Huo Ji Sheng Tang', '--chinese', '独活寄生汤',
		'--form', 'granules', '--dose', '6 g twice a day in warm water', '--duration', '2 weeks',
		'--instructions', 'Take after meals']);
	h.cli(server.db, ['herbal', 'add', eid, '--english', 'Old liniment', '--form', 'liniment', '--dose', 'rub in']);
	const old = h.cliJson(server.db, ['herbal', 'list', eid]).find((x) => x.formula.english === 'Old liniment');
	h.cli(server.db, ['herbal', 'stop', String(old.id), '--reason', 'completed']);
	await page.goto(server.url('/diary#progress'));
	await page.reload();
	const herbs = page.locator('#herbs');
	await herbs.waitFor({ state: 'visible' });
	const text = await herbs.textContent();
	assert.match(text, /Du Huo Ji Sheng Tang · 独活寄生汤/);
	assert.match(text, /6 g twice a day in warm water/);
	assert.match(text, /Take after meals/);
	assert.match(text, /to take by mouth/);
	assert.doesNotMatch(text, /Old liniment/, 'a stopped prescription is not on the handout');
	assert.match(text, /Tell every doctor, nurse, pharmacist/);
	assert.match(await page.locator('#safety-net').textContent(), /weakness in both legs/);
	await phoneChecks('handout');
	await herbs.scrollIntoViewIfNeeded();
	await h.screenshot(page, 'patient-5-herbal-handout-360');
});

test('no script errors and no Content-Security-Policy violations', () => {
	assert.deepEqual(browser.problems, []);
});
