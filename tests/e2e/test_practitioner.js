/*
 * test_practitioner.js - a practitioner signs in, records an intake (a
 * new patient and an episode with its onset, shown as a phase, a red-flag
 * screen with none found, the structured history, STarT Back and a
 * baseline questionnaire scored by the server), charts a session with
 * points, sides, needling and electroacupuncture settings, the re-screen,
 * a TCM assessment and a herbal prescription, and sees them on the
 * patient's chart; the next session form is pre-filled from the last one
 * (TCM too).  A red flag at a visit (saddle anaesthesia) blocks the
 * session form with the referral, Today lists the patient first, and a
 * clearance with a reason lifts the block.  Today lists the patients and
 * who has not written a diary.  A patient whose pain did not improve
 * after four sessions is listed as not responding; their chart shows the
 * outcome (baseline against latest, completeness, responder flags in
 * words, no mean from too few days), the pain-sleep pattern as the
 * analysis words it, and the one-page report as HTML (one click) and
 * PDF.  No script errors or CSP violations.
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
	await form.getByLabel('Name', { exact: true }).fill('Quinn Intake');
	await form.getByLabel(/Date of birth/).fill('1975-02-03');
	await form.getByLabel('Sex', { exact: true }).selectOption('female');
	await form.getByLabel(/Reference/).fill('Q-001');
	const today = await page.evaluate(() => BR.session.today);
	await form.getByLabel('When did this episode start?').fill(isoDaysAgo(today, 100));
	assert.match(await page.locator('#phase').textContent(), /14\.3 weeks ago: chronic/);
	await form.getByLabel(/ICD-10 code/).fill('M54.50');
	await form.locator('#sciatica').check();
	/* The red-flag screen is part of the intake: none found. */
	await form.getByRole('radio', { name: 'No red flags found' }).check();
	await h.screenshot(page, 'practitioner-2-intake');
	await form.getByRole('button', { name: 'Save and screen' }).click();

	/* Step 2: the screen's result, history and questionnaires. */
	const hx = page.locator('#history');
	await hx.waitFor({ state: 'visible' });
	assert.match(await page.locator('#screen-ok').textContent(), /No red flags/);
	assert.match(await page.locator('#screen-ok').textContent(), /weakness in both legs/);
	await hx.getByLabel('How it started', { exact: true }).selectOption('lifting');
	await hx.locator('#hx-locations-low-back').check();
	await hx.getByLabel('Side of Buttock', { exact: true }).selectOption('left');
	await hx.locator('#hx-locations-buttock').check();
	await hx.getByLabel('Pain at night', { exact: true }).selectOption('yes');
	await hx.getByLabel('Woken by pain, times a night', { exact: true }).fill('2');
	await hx.locator('#hx-conditions-none').check();
	await hx.getByLabel(/^Medicines/).fill('ibuprofen | 400 mg | otc | pain');
	await hx.getByLabel(/wants to be able to do again/).fill('Sleep through the night');
	/* STarT Back: labels from the definition, scored by the server. */
	const sb = hx.locator('#q-startback');
	await sb.waitFor();
	assert.match(await sb.locator('legend').first().textContent(), /STarT Back/);
	assert.match(await sb.textContent(), /back pain has spread down the leg/);
	for (let i = 1; i <= 8; i++)
		await sb.locator('label[for="q-startback-' + i + '-' + (i <= 5 ? 1 : 0) + '"]').click();
	await sb.locator('label[for="q-startback-9-3"]').click(); /* very much */
	await sb.locator('.score', { hasText: 'Score' }).waitFor();
	assert.match(await sb.locator('.score').textContent(), /Score 6: medium risk.*psychosocial 2/);
	/* A baseline questionnaire: the ODI. */
	await hx.getByRole('checkbox', { name: /Oswestry/ }).check();
	const odi = hx.locator('#q-odi');
	await odi.waitFor();
	for (let i = 1; i <= 10; i++)
		await odi.locator('label[for="q-odi-' + i + '-2"]').click();
	await odi.locator('.score', { hasText: 'Score' }).waitFor();
	assert.match(await odi.locator('.score').textContent(), /Score 40/);
	await h.screenshot(page, 'practitioner-2b-intake-history');
	await hx.getByRole('button', { name: 'Save intake and open the chart' }).click();

	/* The chart of the new patient. */
	await page.waitForURL(/\/practice\/patient\?id=\d+$/);
	await page.getByRole('heading', { name: 'Quinn Intake' }).waitFor();
	const ep = await page.locator('#episode').textContent();
	assert.match(ep, /chronic/);
	assert.match(ep, /low back pain with sciatica/);
	assert.match(ep, /14 weeks/);
	assert.match(ep, /M54\.50/);
	assert.match(await page.locator('#meta').textContent(), /ref Q-001/);
	/* Red-flag status first, questionnaires and the intake summary
	 * (filled once the episode's records have loaded). */
	await page.locator('#redflag-status', { hasText: 'No red flags' }).waitFor();
	assert.match(await page.locator('#redflag-status').textContent(), /No red flags.*last red-flag screen/);
	await page.locator('#measures-card').waitFor({ state: 'visible' });
	await page.locator('#risk', { hasText: /STarT Back/ }).waitFor();
	assert.match(await page.locator('#risk').textContent(), /STarT Back: medium risk.*physiotherapy/);
	const mrows = await page.locator('#measures tbody tr').allTextContents();
	assert.equal(mrows.length, 2);
	assert.ok(mrows.some((r) => /Oswestry.*40/.test(r)), mrows.join(' | '));
	const intake = await page.locator('#intake-summary').textContent();
	assert.match(intake, /lifting/);
	assert.match(intake, /buttock \(left\)/);
	assert.match(intake, /none reported/);
	assert.match(intake, /ibuprofen 400 mg/);
	assert.match(intake, /woken 2 times a night/);

	/* A session: acupuncture with electroacupuncture. */
	await page.getByRole('link', { name: 'Chart a session' }).click();
	await page.waitForURL(/\/practice\/session\?episode=\d+/);
	const s = page.locator('#session');
	await s.locator('#pt-BL23').waitFor();
	assert.equal(await s.getByRole('checkbox', { name: 'Acupuncture', exact: true }).isChecked(), true);
	assert.equal(await page.locator('#ea-box').isHidden(), true);
	await s.getByLabel('Position', { exact: true }).selectOption('prone');
	await s.locator('#pt-BL23').check();
	await s.locator('#pt-GV4').check();
	await s.locator('#pt-BL40').check();
	await s.getByLabel('Side of BL40', { exact: true }).selectOption('L');
	await s.locator('#pt-HT7').check();
	/* The body map follows the list ... */
	assert.equal(await s.locator('#bodymap circle[data-point="BL40"][data-side="left"].on').count(), 1);
	assert.equal(await s.locator('#bodymap circle[data-point="BL40"][data-side="right"].on').count(), 0);
	assert.equal(await s.locator('#bodymap circle[data-point="GV4"].on').count(), 1);
	/* ... and a tap on the map adds a point with its side. */
	await s.locator('#bodymap circle[data-point="BL25"][data-side="right"]').click();
	assert.equal(await s.locator('#pt-BL25').isChecked(), true);
	assert.equal(await s.getByLabel('Side of BL25', { exact: true }).inputValue(), 'R');
	await s.locator('#bodymap circle[data-point="BL25"][data-side="left"]').click();
	assert.equal(await s.getByLabel('Side of BL25', { exact: true }).inputValue(), 'B');
	await s.locator('#bodymap circle[data-point="BL25"][data-side="left"]').click();
	assert.equal(await s.getByLabel('Side of BL25', { exact: true }).inputValue(), 'R');
	assert.equal(await s.locator('#bodymap circle[data-point="BL25"].on').count(), 1);
	await s.locator('#bodymap').screenshot({ path: require('node:path').join(process.env.BR_ARTIFACTS ||
		require('node:path').resolve(__dirname, '../artifacts/local'), 'practitioner-3b-body-map.png') });
	await s.getByLabel(/Other points/).fill('BL17:R');
	await s.getByLabel('Retention (minutes)', { exact: true }).fill('25');
	await s.getByLabel('Needles', { exact: true }).fill('9');
	await s.getByRole('checkbox', { name: 'Electroacupuncture', exact: true }).check();
	assert.equal(await page.locator('#ea-box').isVisible(), true);
	await s.getByLabel(/Frequency/).fill('2/100');
	await s.getByLabel('Waveform', { exact: true }).selectOption('dense-disperse');
	await s.locator('#ea_minutes').fill('20');
	await s.getByLabel('Intensity (mA)', { exact: true }).fill('1.5');
	await s.getByLabel('Pain before (0–10)', { exact: true }).fill('6');
	await s.getByLabel('Pain after (0–10)', { exact: true }).fill('3');
	await s.getByLabel('bruising', { exact: true }).check();
	assert.equal(await s.getByLabel('None', { exact: true }).isChecked(), false);
	await s.getByLabel('Notes', { exact: true }).fill('Tolerated well.');
	/* A TCM assessment: nothing to start from at the first visit. */
	assert.equal(await s.locator('#tcm-on').isChecked(), false);
	await s.locator('#tcm-on').check();
	await s.getByLabel('Body colour', { exact: true }).selectOption('pale');
	await s.locator('#tcm-tongue_coat-thin').check();
	await s.locator('#tcm-tongue_coat-white').check();
	await s.getByLabel('Pulse left chi, quality 1', { exact: true }).selectOption('deep');
	await s.getByLabel('Pulse left chi, quality 2', { exact: true }).selectOption('weak');
	await s.locator('#tcm-patterns-kidney-yang-deficiency').check();
	await s.getByLabel('Treatment principle', { exact: true }).fill('Warm kidney yang');
	/* A herbal prescription, as written. */
	await s.getByLabel('Formula, pinyin', { exact: true }).fill('Du Huo Ji Sheng Tang');
	await s.getByLabel('Form', { exact: true }).selectOption('granules');
	await s.getByLabel('Dose', { exact: true }).fill('6 g twice a day');
	/* The re-screen question must be answered. */
	await s.getByRole('button', { name: 'Save session' }).click();
	assert.match(await page.locator('#msg').textContent(), /Answer the re-screen question/);
	await s.getByRole('radio', { name: 'No new red flags' }).check();
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
	assert.match(cells[3], /BL25:R/);
	/* The chart shows the session's points on the body map. */
	const smap = page.locator('#session-map');
	assert.equal(await smap.locator('circle[data-point="BL25"][data-side="right"].on').count(), 1);
	assert.equal(await smap.locator('circle[data-point="BL25"][data-side="left"].on').count(), 0);
	assert.equal(await smap.locator('circle[data-point="BL23"].on').count(), 2);
	assert.match(await smap.locator('figcaption').textContent(), /Not on the map: BL17/);
	await smap.screenshot({ path: require('node:path').join(process.env.BR_ARTIFACTS ||
		require('node:path').resolve(__dirname, '../artifacts/local'), 'practitioner-4b-chart-body-map.png') });
	assert.equal(cells[4], '6 → 3');
	assert.equal(cells[5], 'bruising');
	assert.match(cells[6], /tongue pale, thin white coat; pulse deep, weak; Kidney yang deficiency; Warm kidney yang/);
	assert.match(await page.locator('#figures').textContent(), /1sessions, last/);
	await page.locator('#herbs-card').waitFor({ state: 'visible' });
	assert.match(await page.locator('#herbs').textContent(), /Du Huo Ji Sheng Tang.*granules, 6 g twice a day.*current/);
	assert.match(await page.locator('#points-all').textContent(), /BL23/);
	await h.screenshot(page, 'practitioner-4-chart-with-session');

	/* The next session starts from this one. */
	await page.getByRole('link', { name: 'Chart a session' }).click();
	await page.waitForURL(/\/practice\/session\?episode=\d+/);
	await page.locator('#prefill').waitFor({ state: 'visible' });
	assert.equal(await s.locator('#pt-BL23').isChecked(), true);
	assert.equal(await s.getByLabel('Side of BL40', { exact: true }).inputValue(), 'L');
	assert.equal(await s.getByLabel(/Other points/).inputValue(), 'BL17:R');
	assert.equal(await s.getByLabel('Retention (minutes)', { exact: true }).inputValue(), '25');
	assert.equal(await s.getByRole('checkbox', { name: 'Electroacupuncture', exact: true }).isChecked(), true);
	assert.equal(await s.getByLabel(/Frequency/).inputValue(), '2/100');
	assert.equal(await s.getByLabel('Pain before (0–10)', { exact: true }).inputValue(), '');
	/* TCM starts from the last assessment. */
	assert.equal(await s.locator('#tcm-on').isChecked(), true);
	assert.match(await s.locator('#tcm-prefill').textContent(), /Filled in from the assessment of/);
	assert.equal(await s.getByLabel('Body colour', { exact: true }).inputValue(), 'pale');
	assert.equal(await s.getByLabel('Pulse left chi, quality 1', { exact: true }).inputValue(), 'deep');
	await s.getByLabel('Body colour', { exact: true }).selectOption('pale-red');
	await s.locator('#tcm-tongue_coat-white').uncheck();
	await s.getByRole('radio', { name: 'No new red flags' }).check();
	await s.getByRole('checkbox', { name: 'Electroacupuncture', exact: true }).uncheck();
	await s.getByRole('checkbox', { name: 'Massage', exact: true }).check();
	await s.getByRole('combobox', { name: 'Massage', exact: true }).selectOption('trigger-point');
	await s.getByLabel('low back', { exact: true }).check();
	await s.getByRole('button', { name: 'Save session' }).click();
	await page.waitForURL(/#sessions$/);
	await page.locator('#sessions tbody tr').nth(1).waitFor();
	assert.match(await page.locator('#sessions tbody tr').first().textContent(),
		/S2.*acupuncture, massage, 25 min \(trigger-point\)/);
	assert.match(await page.locator('#sessions tbody tr').first().textContent(),
		/tongue pale red, thin coat; pulse deep, weak; Kidney yang deficiency/);
	const s2 = await page.locator('#points-visits tbody tr').first().locator('td').allTextContents();
	assert.equal(s2[0], '—', 'no point added at S2');
	assert.match(s2[3], /BL23/, 'BL23 kept at S2');
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
	/* The sleep columns by the Consensus Sleep Diary's names, each the
	 * quantity it names: 20 min to fall asleep, 10 min awake in the
	 * night, 15 min from the final awakening to getting up. */
	const heads = await page.locator('#diary thead th').allTextContents();
	assert.deepEqual(heads.slice(3, 9), ['Time in bed', 'SOL', 'NWAK', 'WASO', 'TWAK', 'TST']);
	assert.doesNotMatch(heads.join('|'), /Awake in bed/);
	assert.match(await page.locator('#diary caption').textContent(), /Consensus Sleep Diary.*terminal wakefulness/);
	const first = await page.locator('#diary tbody tr').first().locator('td').allTextContents();
	assert.deepEqual(first.slice(2, 7), ['23:00–06:45', '20 min', '1', '10 min', '15 min']);
	assert.match(await page.locator('#figures').textContent(), /4\.0pain, mean of last 7 days/);
	await h.screenshot(page, 'practitioner-7-chart-with-diary');
});

test('a red flag at a visit blocks the session form with the referral until it is cleared', async () => {
	const eid = server.patient.episode.id;
	await page.goto(server.url('/practice/session?episode=' + eid));
	const s = page.locator('#session');
	await s.locator('#pt-BL23').waitFor();
	await s.locator('#pt-BL23').check();
	await s.getByRole('radio', { name: 'Yes, red flags found' }).check();
	await s.getByRole('checkbox', { name: /saddle anaesthesia/ }).check();
	/* The 409 is the answer this test provokes. */
	browser.expected.push(/status of 409 \(Conflict\)/);
	await s.getByRole('button', { name: 'Save session' }).click();
	const blocked = page.locator('#blocked');
	await blocked.waitFor({ state: 'visible' });
	const text = await blocked.textContent();
	assert.match(text, /No session can be charted: red flags/);
	assert.match(text, /emergency red-flag screen of .* is not cleared: refer to the emergency department or emergency spinal service now/);
	assert.match(text, /session was not charted/);
	assert.match(text, /Tell the patient: Go to the emergency department/);
	assert.equal(await page.locator('#msg').getAttribute('class'), 'msg bad');
	assert.match(await page.locator('#msg').textContent(), /emergency department/);
	browser.expected.pop();
	assert.equal(await s.getByRole('button', { name: 'Save session' }).isDisabled(), true);
	assert.equal(h.cliJson(server.db, ['session', 'list', String(eid)]).length, 0, 'the session was not charted');
	await h.screenshot(page, 'practitioner-8-red-flag-blocks-session');

	/* Reloading keeps the block: it comes from the stored screen. */
	await page.reload();
	await blocked.waitFor({ state: 'visible' });
	assert.match(await blocked.textContent(), /emergency red-flag screen/);

	/* Today lists the patient first, under red flags. */
	await page.goto(server.url('/practice'));
	await page.locator('#patients tbody a').first().waitFor();
	assert.match(await page.locator('#attention').textContent(), /Red flags \(1\)Pat Diary emergency red flag/);
	assert.equal(await page.locator('#patients tbody tr').first().locator('a').textContent(), 'Pat Diary');
	assert.match(await page.locator('#patients tbody tr').first().textContent(), /emergency, not cleared/);
	await h.screenshot(page, 'practitioner-9-today-red-flag-first');

	/* The chart shows it first, with the clearance. */
	await page.locator('#patients tbody a', { hasText: 'Pat Diary' }).click();
	const waiting = page.locator('#redflag-waiting');
	await waiting.waitFor();
	assert.match(await waiting.textContent(), /Emergency referral — not cleared/);
	await waiting.getByRole('button', { name: 'Clear the screen' }).click();
	assert.match(await waiting.locator('#clear-msg').textContent(), /Give the reason/);
	await waiting.getByLabel('Reason for clearing the screen', { exact: true }).fill('Seen in ED: no cauda equina syndrome');
	await waiting.getByRole('button', { name: 'Clear the screen' }).click();
	await page.locator('#redflag-status', { hasText: 'cleared by doc@example.org' }).waitFor();

	/* The session form works again. */
	await page.getByRole('link', { name: 'Chart a session' }).click();
	await s.locator('#pt-BL23').waitFor();
	assert.equal(await blocked.isHidden(), true);
	await s.locator('#pt-BL23').check();
	await s.getByRole('radio', { name: 'No new red flags' }).check();
	await s.getByRole('button', { name: 'Save session' }).click();
	await page.waitForURL(/#sessions$/);
	await page.locator('#sessions tbody tr td', { hasText: 'S1' }).waitFor();
});

test('the chart shows the outcome, the pain-sleep pattern and the report; Today lists a non-responder', async () => {
	/* A patient with a baseline week (one day missed), four weekly
	 * sessions and a diary whose pain did not improve but follows the
	 * night before: worse after a poorer night. */
	const today = await page.evaluate(() => BR.session.today);
	const p = h.cliJson(server.db, ['patient', 'add', '--name', 'Nora Steady', '--born', '1968-07-01']);
	const e = h.cliJson(server.db, ['episode', 'open', String(p.id), '--onset', isoDaysAgo(today, 200)]);
	const Q = [0, 3, 1, 4, 2, 3, 1];
	const NOISE = [0, 1, 0, -1, 1];
	const diary = new Map();
	for (let i = 34; i >= 1; i--) {
		if (i === 31)
			continue;
		const k = 34 - i;
		const q = Q[k % 7];
		const pain = Math.max(0, Math.min(10, 6 - (q - 2) + NOISE[k % 5]));
		diary.set(isoDaysAgo(today, i), pain);
		h.cli(server.db, ['diary', 'add', String(p.id), '--date', isoDaysAgo(today, i), '--pain', String(pain),
			'--quality', String(q)]);
	}
	for (const i of [27, 20, 13, 6])
		h.cli(server.db, ['session', 'add', String(e.id), '--date', isoDaysAgo(today, i),
			'--modality', 'acupuncture', '--points', 'BL23,BL40']);
	/* The expected 7-day means, straight from what was written. */
	const mean = (from, to) => {
		const v = [...diary].filter(([d]) => d >= isoDaysAgo(today, from) && d <= isoDaysAgo(today, to)).map(([, x]) => x);
		return [Math.floor(10 * v.reduce((a, b) => a + b, 0) / v.length + 0.5) / 10, v.length];
	};
	const [base, nb] = mean(34, 28);
	const [latest, nl] = mean(7, 1);
	assert.equal(nb, 6);
	assert.ok(base - latest < 2 && (base - latest) / base < 0.3, 'the fixture is a non-responder');

	/* Today: under "Not responding", after trial reviews. */
	await page.goto(server.url('/practice'));
	const list = page.locator('#attention ul[data-source="Not responding"]');
	await list.waitFor();
	const text = await list.textContent();
	assert.match(text, /Nora Steady not responding/);
	assert.match(text, new RegExp('Diary pain ' + latest.toFixed(1) + ' from ' + base.toFixed(1) +
		' after 4 sessions: less than 2 points and 30 % better'));
	const order = await page.locator('#attention h3').allTextContents();
	assert.ok(order.findIndex((t) => /^Not responding/.test(t)) > order.findIndex((t) => /^Trial reviews due/.test(t)));
	assert.ok(order.findIndex((t) => /^Not responding/.test(t)) < order.findIndex((t) => /^Diary missing/.test(t)));
	await h.screenshot(page, 'practitioner-10-today-not-responding');

	/* The chart: baseline against latest with completeness, the flags
	 * in words, and no mean where there are too few days. */
	await list.getByRole('link', { name: 'Nora Steady' }).click();
	await page.waitForURL(/#outcome$/);
	const pain = page.locator('#outcome-figures tr[data-figure="pain"]');
	await pain.waitFor();
	const cells = await pain.locator('th, td').allTextContents();
	assert.equal(cells[0], 'Pain');
	assert.equal(cells[1], base.toFixed(1) + ' / 10 (6 of 7 days)');
	assert.equal(cells[2], latest.toFixed(1) + ' / 10 (' + nl + ' of 7 days)');
	assert.match(cells[4], /^Not a responder/);
	/* One wording of a change: the direction in words, the amount and
	 * the percentage better or worse; a tier in words, never "none". */
	assert.match(cells[3], /^(up|down) \d+\.\d points \(\d+ % (better|worse)\)$|^no change$/);
	assert.doesNotMatch(cells[4], /\bnone\b/);
	assert.match(cells[4], /important change|improvement|worse/);
	assert.equal(await pain.locator('[data-responder]').getAttribute('data-responder'), 'no');
	const outcome = await page.locator('#outcome').textContent();
	assert.match(outcome, /Baseline: .*the 7 days before the first session\), 6 of 7 days reported \(86 %\)/);
	assert.match(outcome, /after 4 sessions/);
	assert.match(outcome, /not proof that a session or a modality worked/);
	/* Awakenings were never written: no mean, never a made-up one. */
	assert.match(await page.locator('#outcome-figures tr[data-figure="awakenings"]').textContent(),
		/not enough days \(0 of 7 days\).*not assessed/);
	/* The pain-sleep pattern in the analysis's own words. */
	const sentence = await page.locator('#pattern-sentence').textContent();
	assert.match(sentence, /worse sleep tended to come before worse pain/);
	assert.match(sentence, /association .*not proof/);
	await page.locator('#outcome-card').scrollIntoViewIfNeeded();
	await h.screenshot(page, 'practitioner-11-chart-outcome');

	/* The report: one click to the HTML page, and the PDF. */
	const card = page.locator('#report-card');
	await card.waitFor({ state: 'visible' });
	const [tab] = await Promise.all([
		page.context().waitForEvent('page'),
		card.getByRole('link', { name: 'Open the report (HTML)' }).click(),
	]);
	const shown = await tab.waitForLoadState('load').then(() => tab);
	assert.match(shown.url(), new RegExp('/api/v1/episodes/' + e.id + '/report\\?format=html&since='));
	assert.match(await shown.locator('body').textContent(), /Nora Steady/);
	assert.match(await shown.locator('body').textContent(), /Pain/);
	await h.screenshot(shown, 'practitioner-12-report-html');
	await shown.close();
	const href = await card.getByRole('link', { name: 'Open the report (PDF)' }).getAttribute('href');
	assert.match(href, new RegExp('^/api/v1/episodes/' + e.id + '/report\\?format=pdf&since=\\d{4}-\\d{2}-\\d{2}$'));
	const pdf = await page.request.get(server.url(href));
	assert.equal(pdf.status(), 200);
	assert.equal(pdf.headers()['content-type'], 'application/pdf');
	assert.match(pdf.headers()['content-disposition'], /^inline; filename="report-\d+\.pdf"$/);
	const bytes = await pdf.body();
	assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
});

test('the workspace pages fit a 360 px screen', async () => {
	const eid = server.patient.episode.id;
	await page.setViewportSize({ width: 360, height: 800 });
	for (const url of ['/practice', '/practice/intake', '/practice/intake?episode=' + eid,
		'/practice/session?episode=' + eid, '/practice/patient?id=' + server.patient.id]) {
		await page.goto(server.url(url));
		await page.locator('main h1').first().waitFor();
		await page.waitForLoadState('networkidle');
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= 360, url + ' is ' + width + ' px wide');
	}
	await h.screenshot(page, 'practitioner-13-chart-360');
	await page.setViewportSize({ width: 1280, height: 900 });
});

test('no script errors and no Content-Security-Policy violations', () => {
	assert.deepEqual(browser.problems, []);
});
