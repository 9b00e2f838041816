/*
 * test_previsit.js - the pre-visit intake by link.  A practitioner makes
 * the link on a new patient's pre-visit page (the patient has no account:
 * a one-time invitation); the patient opens it on a 360 px phone, chooses
 * a password and is led on to the questions; a red-flag answer that
 * points to an emergency shows the safety net at once, and the patient
 * tops the practitioner's Today: through GET /api/v1/previsit/alerts and
 * through the Today page's separate hook (previsit-alerts.js, a section
 * above the appointments).  The patient pauses, comes back where they
 * stopped and sends; the practitioner reviews the answers and confirms
 * them as the episode's intake, after which the alert is gone.  The used
 * link shows its sentence.  Screenshots at 360 and 1280 px; axe-core and
 * the console are watched throughout (harness.js).
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

let server, nina, link;
const browsers = [];

before(async () => {
	server = await h.startServer();
	nina = h.cliJson(server.db, ['patient', 'add', '--name', 'Nina New', '--born', '1985-02-03']);
	const onset = new Date(Date.now() - 20 * 86400000).toISOString().slice(0, 10);
	nina.episode = h.cliJson(server.db, ['episode', 'open', String(nina.id), '--onset', onset]);
});

after(async () => {
	for (const b of browsers)
		await b.close();
	if (server)
		await server.stop();
});

async function browser(width) {
	const b = await h.startBrowser({ width, height: width > 400 ? 900 : 740 });
	browsers.push(b);
	return b;
}

async function noSideways(page, where, width) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= width, where + ': the page is ' + w + ' px wide');
}

/* The practitioner's own call of the alerts route, in their session. */
async function alerts(page) {
	return page.evaluate(async () => {
		const r = await fetch('/api/v1/previsit/alerts', { headers: { Accept: 'application/json' } });
		return { status: r.status, body: await r.json() };
	});
}

let doc, pat;

test('the practitioner makes the link on the new patient\'s pre-visit page', async () => {
	doc = await browser(1280);
	await h.login(doc.page, server, 'doc@example.org');
	await doc.page.waitForURL(/\/practice$/);
	/* From the chart. */
	await doc.page.goto(server.url('/practice/patient?id=' + nina.id));
	await doc.page.getByRole('link', { name: 'Pre-visit questions' }).click();
	await doc.page.waitForURL(/\/practice\/previsit\?id=/);
	const ask = doc.page.locator('#pv-ask');
	await ask.waitFor();
	/* Without an account, the email is needed: the server's sentence. */
	doc.expected.push(/status of 422/);
	await ask.getByRole('button', { name: 'Make the link' }).click();
	await doc.page.locator('#pv-ask-msg.bad', { hasText: /no account yet/ }).waitFor();
	assert.equal(await doc.page.locator('#pv-email').getAttribute('aria-invalid'), 'true');
	doc.expected.pop();
	await ask.getByLabel(/The patient's email/).fill('nina@example.org');
	await ask.getByRole('button', { name: 'Make the link' }).click();
	link = await ask.locator('#invite-link').inputValue();
	assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/activate#[A-Za-z0-9_-]{43}$/);
	assert.equal(await ask.locator('img.qr').count(), 1);
	assert.match(await doc.page.locator('#letter').textContent(), /Before your first visit/);
	await doc.page.locator('#pv-status', { hasText: 'No answer yet.' }).waitFor();
	assert.equal(await doc.page.locator('#pv-email').getAttribute('aria-invalid'), null);
	await h.screenshot(doc.page, 'previsit-1-link-1280');
});

test('the patient sets a password and an emergency answer shows the safety net at once', async () => {
	pat = await browser(360);
	await pat.page.goto(link);
	await pat.page.getByRole('heading', { name: 'Welcome, Nina New' }).waitFor();
	await pat.page.getByLabel('Choose a password').fill('nina picks a sentence');
	await pat.page.getByLabel('Type it again').fill('nina picks a sentence');
	await pat.page.getByRole('button', { name: 'Save and sign in' }).click();
	await pat.page.waitForURL(/\/previsit$/);
	await pat.page.getByRole('heading', { name: 'A few important questions first' }).waitFor();
	assert.equal(await pat.page.locator('#pv-count').textContent(), 'Step 1 of 7');
	await noSideways(pat.page, 'the red-flag questions', 360);
	await h.screenshot(pat.page, 'previsit-2-flags-360');
	assert.equal(await pat.page.locator('#pv-alert').isVisible(), false);

	/* "No" to every question but the numbness between the legs. */
	const flags = await pat.page.locator('fieldset.pv-flag').evaluateAll(
		(fs) => fs.map((f) => f.dataset.key));
	assert.ok(flags.includes('saddle-anaesthesia'));
	for (const f of flags)
		if (f !== 'saddle-anaesthesia') {
			await pat.page.locator('label[for="pv-flag-' + f + '-no"]').click();
			await pat.page.locator('#pv-flag-' + f + '-no:checked').waitFor({ state: 'attached' });
		}
	assert.equal(await pat.page.locator('#pv-alert').isVisible(), false);
	await pat.page.locator('label[for="pv-flag-saddle-anaesthesia-yes"]').click();
	/* At once: the safety net, in the project's words. */
	const alert = pat.page.locator('#pv-alert');
	await alert.waitFor({ state: 'visible' });
	assert.match(await alert.textContent(), /Get urgent help now/);
	assert.match(await alert.textContent(),
		/Go to the emergency department straight away if you develop numbness between the legs/);
	await noSideways(pat.page, 'the safety net', 360);
	await h.screenshot(pat.page, 'previsit-3-safety-net-360');
});

test('the emergency answer tops the practitioner\'s Today', async () => {
	/* The route. */
	let r;
	for (let i = 0; i < 50; i++) {
		r = await alerts(doc.page);
		if (r.body.some((a) => a.patient_id === nina.id))
			break;
		await new Promise((ok) => setTimeout(ok, 100));
	}
	assert.equal(r.status, 200);
	const mine = r.body.filter((a) => a.patient_id === nina.id);
	assert.equal(mine.length, 1);
	assert.deepEqual([mine[0].name, mine[0].tier, mine[0].flags],
		['Nina New', 'emergency', ['saddle-anaesthesia']]);
	/* The Today page: the hook's section, above everything else. */
	await doc.page.goto(server.url('/practice'));
	const box = doc.page.locator('#previsit-alerts');
	await box.waitFor({ state: 'visible' });
	assert.match(await box.textContent(), /Nina New/);
	/* The flag in the screen's words, not its id. */
	assert.match(await box.textContent(), /replied yes to saddle anaesthesia or paraesthesia/);
	const top = await box.boundingBox();
	const appointments = await doc.page.locator('#appointments-h').boundingBox();
	const attention = await doc.page.locator('#attention-h').boundingBox();
	assert.ok(top.y < appointments.y && top.y < attention.y, 'the alert is at the top of Today');
	await doc.page.locator('#appointments:not([aria-busy])').waitFor();

	await h.screenshot(doc.page, 'previsit-4-today-1280');
});

test('the patient answers the history, pauses, comes back where they stopped and sends', async () => {
	const p = pat.page;
	await p.getByRole('button', { name: 'Next' }).click();
	await p.getByRole('heading', { name: 'Your back pain' }).waitFor();
	await p.locator('label', { hasText: 'Lifting something' }).click();
	await p.locator('label.tick', { hasText: 'Low back' }).click();
	assert.equal(await p.locator('[data-key="radiation_side"]').isVisible(), false);
	await p.locator('label', { hasText: 'Into my buttock' }).click();
	await p.locator('[data-key="radiation_side"]').waitFor({ state: 'visible' });
	await p.locator('label[for="pv-radiation_side-0"]').click();
	await noSideways(p, 'the back pain step', 360);
	await h.screenshot(p, 'previsit-5-pain-360');
	await p.getByRole('button', { name: 'Pause — finish later' }).click();
	await p.locator('#pv-done-text', { hasText: /Paused/ }).waitFor();
	/* Nothing is clinical yet: no intake of the episode. */
	assert.throws(() => h.cli(server.db, ['intake', 'show', String(nina.episode.id)]),
		/no intake recorded/);

	/* Later: the same page carries on at the first step not answered. */
	await p.goto(server.url('/previsit'));
	await p.getByRole('heading', { name: 'What makes it worse or better' }).waitFor();
	assert.equal(await p.locator('#pv-count').textContent(), 'Step 3 of 7');
	assert.equal(await p.locator('#pv-alert').isVisible(), true, 'the safety net stays shown');
	await p.getByRole('button', { name: 'Back' }).click();
	await p.getByRole('heading', { name: 'Your back pain' }).waitFor();
	assert.equal(await p.locator('#pv-onset_mode-0').isChecked(), true);
	await p.getByRole('button', { name: 'Next' }).click();
	await p.locator('label.tick', { hasText: 'Sitting' }).first().click();
	await p.getByRole('button', { name: 'Next' }).click();
	await p.getByRole('heading', { name: 'Work and daily life' }).waitFor();
	await p.getByLabel('About how many hours a day do you sit?').fill('8');
	await p.getByRole('button', { name: 'Next' }).click();
	await p.getByRole('heading', { name: 'Your health' }).waitFor();
	await p.getByLabel('Medicine 1').fill('Ibuprofen');
	await p.getByLabel('Taken for').selectOption('pain');
	await noSideways(p, 'the health step', 360);
	await h.screenshot(p, 'previsit-6-health-360');
	await p.getByRole('button', { name: 'Next' }).click();
	await p.getByRole('heading', { name: 'Your sleep' }).waitFor();
	await p.locator('[data-key="night_pain"] label', { hasText: 'Yes' }).click();
	await p.getByLabel('On a usual night, how many times does the pain wake you?').fill('2');
	await h.screenshot(p, 'previsit-7-sleep-360');
	await p.getByRole('button', { name: 'Next' }).click();
	await p.getByRole('heading', { name: 'What you hope for' }).waitFor();
	await p.getByLabel(/What would you most like/).fill('Sleep through the night');
	await p.getByRole('button', { name: 'Send my answers to my practitioner' }).click();
	await p.locator('#pv-done-text', { hasText: /Sent/ }).waitFor();
	await h.screenshot(p, 'previsit-8-sent-360');
	assert.throws(() => h.cli(server.db, ['intake', 'show', String(nina.episode.id)]),
		/no intake recorded/);
});

test('the practitioner reviews and confirms; the alert is gone', async () => {
	const d = doc.page;
	await d.locator('#previsit-alerts a', { hasText: 'Nina New' }).click();
	await d.waitForURL(/\/practice\/previsit\?id=/);
	await d.locator('#pv-flags').waitFor({ state: 'visible' });
	assert.match(await d.locator('#pv-tier').textContent(), /point to an emergency/);
	const yes = d.locator('#pv-flag-rows tr', { hasText: 'saddle' });
	assert.equal(await yes.locator('td.reply').textContent(), 'yes');
	const answers = await d.locator('#pv-answers').textContent();
	assert.match(answers, /How the pain began\s*lifting/);
	assert.match(answers, /Usual awakenings from pain a night\s*2/);
	assert.match(answers, /Medicines taken now\s*Ibuprofen, for pain/);
	assert.match(await d.locator('#pv-status').textContent(), /sent their answers/);
	await h.screenshot(d, 'previsit-9-review-1280');
	await d.setViewportSize({ width: 360, height: 740 });
	await noSideways(d, 'the review', 360);
	await h.screenshot(d, 'previsit-10-review-360');
	await d.setViewportSize({ width: 1280, height: 900 });

	await d.getByRole('button', { name: 'Confirm as the intake' }).click();
	await d.locator('#pv-confirm-msg.ok', { hasText: /Confirmed/ }).waitFor();
	const intake = h.cliJson(server.db, ['intake', 'show', String(nina.episode.id)]);
	assert.deepEqual([intake.onset_mode, intake.radiation, intake.night_pain, intake.pain_wakes,
		intake.sitting_hours, intake.goals],
	['lifting', 'buttock', true, 2, 8, 'Sleep through the night']);
	assert.deepEqual(intake.medicines.map((m) => [m.name, m.purpose]), [['Ibuprofen', 'pain']]);
	/* The replies are not a screen. */
	assert.deepEqual(h.cliJson(server.db, ['screen', 'list', String(nina.episode.id)]), []);
	const r = await alerts(d);
	assert.equal(r.body.filter((a) => a.patient_id === nina.id).length, 0);
	await d.goto(server.url('/practice'));
	await d.locator('#attention:not([aria-busy])').waitFor();
	assert.equal(await d.locator('#previsit-alerts').count(), 0);
});

test('the used link shows its sentence', async () => {
	const again = await browser(360);
	again.expected.push(/status of 410/);
	await again.page.goto(link);
	await again.page.getByRole('heading', { name: 'This link does not work' }).waitFor();
	assert.match(await again.page.locator('#msg').textContent(), /This link has been used already/);
});

test('no script errors, no Content-Security-Policy violations, axe clean', async () => {
	for (const b of browsers)
		assert.deepEqual(b.problems, []);
});
