/*
 * test_care.js - the care plan, home program and visits in the browser.
 *
 * A practitioner opens the chart of a patient in a chronic episode, sees
 * the evidence side by side with the guideline disagreement for
 * acupuncture (Cochrane moderate certainty and no recommendation, ACP
 * recommended, NICE do not offer), adds the acupuncture course to the
 * plan, proposes and books the course's visits, cancels one, assigns an
 * exercise, and sees the trial review and what is due on Today.
 *
 * A patient on a 360 px phone ticks the bedtime routine on the evening
 * entry, answers the next-day check-in after yesterday's session (after
 * the aftercare advice), sees an education card and the next visit, logs
 * an exercise and a pacing day and gets the next step in plain words.
 * No sideways scrolling, tap targets of 44 px, labels, no script or CSP
 * errors.  Screenshots in $BR_ARTIFACTS.
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

let server, doc, pat, chronic;

function isoDay(n) {
	const d = new Date();
	d.setDate(d.getDate() + n);
	const pad = (x) => String(x).padStart(2, '0');
	return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}

before(async () => {
	server = await h.startServer();
	/* A patient in a chronic episode for the practitioner. */
	chronic = h.cliJson(server.db, ['patient', 'add', '--name', 'Cara Chronic', '--born', '1966-06-06']);
	chronic.episode = h.cliJson(server.db, ['episode', 'open', String(chronic.id), '--onset', isoDay(-150)]);
	/* The diary patient's plan: a bedtime routine, an exercise, a paced
	 * activity, a session yesterday (aftercare, check-in due) and a visit
	 * in two days. */
	const e = String(server.patient.episode.id);
	h.cli(server.db, ['plan', 'routine', e, '--steps', 'heat,screens-off']);
	h.cli(server.db, ['exercise', 'assign', e, '--exercise', 'bridge']);
	h.cli(server.db, ['pace', 'set', e, '--activity', 'walking', '--unit', 'min', '--baseline', '20']);
	h.cli(server.db, ['session', 'add', e, '--date', isoDay(-1), '--modality', 'acupuncture',
		'--points', 'BL23', '--pain-before', '6', '--pain-after', '3']);
	h.cli(server.db, ['visit', 'book', e, '--at', isoDay(2) + 'T10:00']);
	doc = await h.startBrowser({ width: 1280, height: 900 });
});

after(async () => {
	for (const b of [doc, pat])
		if (b)
			await b.close();
	if (server)
		await server.stop();
});

test('a practitioner sees the guidelines disagree, adds the course, books it, assigns an exercise', async () => {
	const page = doc.page;
	await h.login(page, server, 'doc@example.org');
	await page.waitForURL(/\/practice$/);
	await page.goto(server.url('/practice/patient?id=' + chronic.id));
	const plan = page.locator('#plan-card');
	await plan.locator('#evidence').waitFor();

	/* Each source's own position, side by side. */
	const acu = plan.locator('#evidence tr[data-treatment="acupuncture"]');
	const cells = await acu.locator('td').allTextContents();
	assert.match(cells[0], /^No recommendation.*moderate certainty/);
	assert.match(cells[1], /^Recommended.*moderate certainty, strong recommendation/);
	assert.match(cells[2], /^Do not offer.*certainty not graded/);
	assert.match(await acu.locator('th').textContent(), /Guidelines disagree/);
	assert.match(await plan.locator('.disagree').first().textContent(),
		/Acupuncture: the guidelines disagree\..*ACP guideline \(2017\): recommended.*NICE NG59.*: do not offer/);
	/* Never "recommended" for a source that does not recommend. */
	for (const row of await plan.locator('#evidence tbody tr').all()) {
		const tds = await row.locator('td').allTextContents();
		assert.doesNotMatch(tds[0], /^Recommended/, 'the Cochrane overview recommends nothing');
	}
	await h.screenshot(doc.page, 'care-1-plan-evidence');

	/* Add the acupuncture course with its defaults. */
	await acu.getByRole('button', { name: 'Add Acupuncture to the plan' }).click();
	assert.equal(await page.locator('#plan-add select[name="treatment"]').inputValue(), 'acupuncture');
	assert.match(await page.locator('#plan-add-evidence').textContent(), /NICE NG59.*: do not offer/);
	await page.locator('#plan-add').getByRole('button', { name: 'Add to the plan' }).click();
	await page.locator('#plan-msg.ok', { hasText: /Acupuncture added: 8 sessions, trial checkpoint after 4/ }).waitFor();
	assert.match(await page.locator('#plan-msg').textContent(), /Acupuncture added: 8 sessions, trial checkpoint after 4/);
	const item = page.locator('#plan-items tbody tr').first();
	assert.match(await item.textContent(), /Acupuncture.*8 sessions, once a week.*after 4.*active/);
	assert.match(await page.locator('#review').textContent(), /Review of the acupuncture course/);

	/* Propose the course's visits and book them all. */
	const course = page.locator('#course-form');
	await course.getByLabel(/First visit/).fill(isoDay(1) + 'T09:30');
	await course.getByRole('button', { name: 'Propose the dates' }).click();
	await course.locator('ol.proposal li').first().waitFor();
	assert.equal(await course.locator('ol.proposal li').count(), 8);
	await course.getByRole('button', { name: 'Book these 8 visits' }).click();
	await page.locator('#visits-msg.ok', { hasText: /Booked 8 visits of the course/ }).waitFor();
	assert.match(await page.locator('#visits-msg').textContent(), /Booked 8 visits of the course/);
	assert.equal(await page.locator('#visits-upcoming tbody tr').count(), 8);
	assert.match(await page.locator('#visits-upcoming tbody tr').first().textContent(), /09:30–10:15.*clinic.*booked/);
	/* Cancel the last one. */
	await page.locator('#visits-upcoming tbody tr').last().getByRole('button', { name: /^Cancel the visit/ }).click();
	/* The booking's message is still shown (also .ok): wait for the new one. */
	await page.locator('#visits-msg.ok', { hasText: 'cancelled' }).waitFor();
	assert.match(await page.locator('#visits-msg').textContent(), /cancelled/);
	assert.equal(await page.locator('#visits-upcoming tbody tr').count(), 7);
	await h.screenshot(doc.page, 'care-2-visits');

	/* Assign an exercise. */
	const prog = page.locator('#program-card');
	await prog.getByText('Assign an exercise').click();
	await prog.getByLabel('Exercise', { exact: true }).selectOption('bridge');
	/* The picker shows the exercise's drawing, start and end positions. */
	const pic = prog.locator('.exercise-preview img');
	await pic.waitFor();
	assert.equal(await pic.getAttribute('alt'), 'Bridge: the start position and the end position');
	await doc.page.waitForFunction(() => {
		const i = document.querySelector('.exercise-preview img');
		return i && i.complete && i.naturalWidth > 0;
	}, null, { timeout: 10000 });
	await prog.getByRole('button', { name: 'Assign the exercise' }).click();
	await page.locator('#program-msg.ok', { hasText: /Bridge assigned: 10 reps every 2 days/ }).waitFor();
	assert.match(await page.locator('#program-msg').textContent(), /Bridge assigned: 10 reps every 2 days/);
	assert.match(await prog.locator('#exercises tbody tr').first().textContent(), /Bridge.*Hold/);
	await h.screenshot(doc.page, 'care-3-home-program');

	/* Today: what is due, after red flags. */
	await page.goto(server.url('/practice'));
	const due = page.locator('ul[data-source="Due today"]');
	await due.waitFor();
	assert.match(await due.textContent(), /Cara Chronic.*re-screen red flags/);
	const heads = await page.locator('#attention h3').allTextContents();
	assert.ok(heads.indexOf('Red flags (0)') < heads.findIndex((x) => x.startsWith('Trial reviews due')));
	await h.screenshot(doc.page, 'care-4-today-due');
	assert.deepEqual(doc.problems, []);
});

/* What a phone screen must satisfy on the visible part of a page. */
async function phoneChecks(page, where) {
	const r = await page.evaluate(() => {
		const visible = (n) => n.offsetParent !== null || n.getClientRects().length > 0;
		const small = [];
		for (const n of document.querySelectorAll('main button, main .opt, main .tick, main input[type="number"], main input[type="date"]'))
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

test('a patient on a phone ticks the routine, answers the check-in, logs exercise and pacing', async () => {
	pat = await h.startBrowser({ width: 360, height: 740 });
	const page = pat.page;
	await h.login(page, server, 'pat@example.org');
	await page.waitForURL(/\/diary/);

	/* Evening entry with the bedtime routine. */
	await page.getByRole('link', { name: 'Evening: pain', exact: true }).click();
	const pain = page.locator('#pain');
	await pain.locator('#routine').waitFor({ state: 'visible' });
	assert.deepEqual(await pain.locator('#routine .tick').allTextContents(), [
		'Warmth on the back before bed (a warm shower or a heat pack)',
		'Screens off (phone, tablet, TV) for a while before bed']);
	/* The check-in waits: one line at the top, one tap away. */
	assert.match(await page.locator('#nudge').textContent(), /3 quick questions/);
	await pain.locator('label[for="pain-4"]').click();
	await pain.getByLabel(/Warmth on the back/).check();
	await phoneChecks(page, 'pain entry with the routine');
	await h.screenshot(page, 'care-5-evening-routine-360');
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await pain.locator('#pain-msg.ok', { hasText: /Pain 4 out of 10 \(moderate\), bedtime routine: 1 of 2 ticked/ }).waitFor();
	assert.match(await pain.locator('#pain-msg').textContent(), /Pain 4 out of 10 \(moderate\), bedtime routine: 1 of 2 ticked/);

	/* My plan: aftercare, the check-in, an education card, the next visit. */
	await page.locator('#nudge-link').click();
	const plan = page.locator('#plan');
	await plan.locator('#checkin').waitFor({ state: 'visible' });
	assert.match(await plan.locator('#aftercare').textContent(), /usually fades within 24 hours/);
	assert.match(await plan.locator('#cards').textContent(), /When to get help urgently/);
	/* Plain advice and the published sources' names; never the notes
	 * meant for clinicians. */
	const cardText = await plan.locator('#cards').textContent();
	assert.doesNotMatch(cardText, /Source:|check against|\[M\]|backrest's own rule|J Pain|;\d+\(/);
	assert.match(cardText, /Based on [A-Z][a-z]+ et al\. (19|20)\d\d/);
	await plan.locator('#upcoming', { hasText: '45 min' }).waitFor(); /* loads apart */
	assert.match(await plan.locator('#upcoming').textContent(), /10:00 \(45 min, at the clinic\)/);
	await phoneChecks(page, 'my plan');
	await h.screenshot(page, 'care-6-checkin-360');
	const ci = plan.locator('#checkin-form');
	await ci.getByRole('button', { name: 'Send my answers' }).click();
	assert.match(await ci.locator('#checkin-msg').textContent(), /Answer the three questions/);
	await ci.locator('#soreness-scale label.opt', { hasText: /^2$/ }).click();
	await ci.locator('#energy').getByText('The same').click();
	await ci.locator('#mood').getByText('Better').click();
	await ci.getByRole('button', { name: 'Send my answers' }).click();
	await plan.getByRole('heading', { name: 'Thank you' }).waitFor();

	/* Exercise: today's session, then the advice in words. */
	const ex = plan.locator('form.exercise[data-exercise="bridge"]');
	/* The patient's plan: the exercise's drawing. */
	const expic = ex.locator('img.exercise-picture');
	await expic.waitFor();
	assert.match(await expic.getAttribute('alt'), /^Bridge: the start position and the end position$/);
	await page.waitForFunction(() => {
		const i = document.querySelector('form.exercise[data-exercise="bridge"] img.exercise-picture');
		return i && i.complete && i.naturalWidth > 0;
	}, null, { timeout: 10000 });
	await ex.scrollIntoViewIfNeeded();
	await h.screenshot(page, 'care-8-plan-exercise-picture-360');
	assert.match(await ex.locator('.advice').textContent(), /Stay at this level: 10 repetitions every 2 days/);
	assert.equal(await ex.getByLabel('Repetitions done').inputValue(), '10');
	await ex.locator('.during label.opt', { hasText: /^3$/ }).click();
	await ex.getByRole('button', { name: 'Save Bridge' }).click();
	await ex.locator('.msg.ok', { hasText: /Saved for .*Stay at this level/ }).waitFor();
	assert.match(await ex.locator('.msg').textContent(), /Saved for .*Stay at this level/);

	/* Pacing: the quota, done, recovered. */
	const pc = plan.locator('form.pace[data-activity="walking"]');
	assert.match(await pc.locator('.advice').textContent(), /Today: 16 minutes of walking/);
	await pc.getByRole('button', { name: '2 more minutes' }).click();
	assert.equal(await pc.getByLabel(/Done today/).inputValue(), '18');
	await pc.getByRole('button', { name: '2 less minutes' }).click();
	await pc.getByText('Yes', { exact: true }).click();
	await pc.getByRole('button', { name: 'Save walking' }).click();
	await pc.locator('.msg.ok', { hasText: /Saved: 16 of 16 minutes/ }).waitFor();
	assert.match(await pc.locator('.msg').textContent(), /Saved: 16 of 16 minutes/);
	assert.match(await pc.locator('.advice').textContent(), /You are in the right zone/);
	await phoneChecks(page, 'my plan after logging');
	await h.screenshot(page, 'care-7-exercise-pacing-360');

	/* The practitioner sees the check-in before the next visit. */
	const eid = String(server.patient.episode.id);
	const visits = h.cliJson(server.db, ['visit', 'list', '--episode', eid]);
	const next = visits.find((v) => v.status === 'booked');
	assert.equal(next.checkin.soreness, 2);
	assert.deepEqual(pat.problems, []);
});
