/*
 * test_templates.js - point templates in the session form, at 1280 px: the
 * last session's points are pre-filled as before; "Save these points as a
 * template" saves the points with their sides and the retention under a
 * name, shared with the clinic; "Apply template" fills the form with them
 * (the list, the sides, the other points, the retention and the body map)
 * and the session saved carries them.  A colleague applies the shared
 * template but may not remove it; a name already taken offers to replace
 * the old template.
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

let server, browser, page, episode;

before(async () => {
	server = await h.startServer();
	episode = server.patient.episode.id;
	h.cliJson(server.db, ['user', 'add', '--email', 'colleague@example.org', '--role', 'practitioner',
		'--name', 'Dr Colleague', '--password-stdin'], h.PASSWORD + '\n');
	/* The last session: BL23 and GV4, 15 minutes. */
	h.cliJson(server.db, ['session', 'add', String(episode), '--modality', 'acupuncture', '--points',
		'BL23,GV4', '--minutes', '15', '--date', server.patient.episode.onset]);
	browser = await h.startBrowser({ width: 1280, height: 900 });
	page = browser.page;
	await h.login(page, server, 'doc@example.org');
	await page.waitForURL(/\/practice$/);
});

after(async () => {
	if (browser)
		await browser.close();
	if (server)
		await server.stop();
});

async function openForm() {
	await page.goto(server.url('/practice/session?episode=' + episode));
	await page.locator('#pt-BL23').waitFor();
	/* The templates and the map's geometry have loaded. */
	await page.locator('#tpl-choice option').first().waitFor({ state: 'attached' });
	await page.locator('#bodymap circle[data-point="BL25"]').first().waitFor();
}

/* Chooses the template whose option's text matches re. */
async function choose(pg, re) {
	const opts = await pg.locator('#tpl-choice option').evaluateAll((os) =>
		os.map((o) => [o.value, o.textContent]));
	const hit = opts.find(([, text]) => re.test(text));
	assert.ok(hit, 'no template option matches ' + re + ': ' + JSON.stringify(opts));
	await pg.getByLabel('Point template', { exact: true }).selectOption(hit[0]);
}

const side = (p) => page.getByLabel('Side of ' + p, { exact: true });
const on = (p, s) => page.locator('#bodymap circle[data-point="' + p + '"][data-side="' + s + '"].on').count();

test('a template saved and applied fills the form', async () => {
	await openForm();
	const s = page.locator('#session');
	/* The last session's points stay pre-filled. */
	assert.equal(await s.locator('#pt-BL23').isChecked(), true);
	assert.equal(await s.locator('#pt-GV4').isChecked(), true);
	assert.equal(await s.locator('#pt-BL40').isChecked(), false);
	assert.equal(await s.getByLabel('Retention (minutes)', { exact: true }).inputValue(), '15');
	assert.match(await page.locator('#prefill').textContent(), /Filled in from the last session/);
	/* No template yet. */
	assert.equal(await page.locator('#tpl-apply').isDisabled(), true);

	/* Build the combination and save it under a name, shared. */
	await s.locator('#pt-BL25').check();
	await side('BL25').selectOption('L');
	await s.locator('#pt-BL40').check();
	await s.locator('#pt-HT7').check();
	await s.getByLabel(/Other points/).fill('BL17:R');
	await s.getByLabel('Retention (minutes)', { exact: true }).fill('20');
	await page.getByText('Save these points as a template').click();
	await page.getByLabel('Template name', { exact: true }).fill('low back + sleep');
	await page.getByLabel('Share with my clinic', { exact: true }).check();
	await page.getByRole('button', { name: 'Save template' }).click();
	await page.locator('#tpl-save-msg', { hasText: 'Saved the template' }).waitFor();
	assert.match(await page.locator('#tpl-save-msg').textContent(),
		/Saved the template "low back \+ sleep" \(6 points\), shared with your clinic\./);
	await h.screenshot(page, 'templates-1-saved');
	const saved = h.cliJson(server.db, ['template', 'list']);
	assert.equal(saved.length, 1);
	assert.deepEqual(saved[0].points.map((p) => p.point + ' ' + p.side),
		['BL23 both', 'BL25 left', 'BL40 both', 'GV4 midline', 'HT7 both', 'BL17 right']);
	assert.equal(saved[0].minutes, 20);
	assert.equal(saved[0].shared, true);

	/* A new form: the last session's points again, then the template. */
	await openForm();
	assert.equal(await s.locator('#pt-BL40').isChecked(), false);
	await s.locator('#pt-SP6').check();
	await choose(page, /^low back \+ sleep \(6 points, 20 min\), shared$/);
	await page.getByRole('button', { name: 'Apply template' }).click();
	for (const p of ['BL23', 'BL25', 'BL40', 'GV4', 'HT7'])
		assert.equal(await s.locator('#pt-' + p).isChecked(), true, p);
	assert.equal(await s.locator('#pt-SP6').isChecked(), false);
	assert.equal(await side('BL25').inputValue(), 'L');
	assert.equal(await side('BL23').inputValue(), 'B');
	assert.equal(await s.getByLabel(/Other points/).inputValue(), 'BL17:R');
	assert.equal(await s.getByLabel('Retention (minutes)', { exact: true }).inputValue(), '20');
	assert.equal(await on('BL25', 'left'), 1);
	assert.equal(await on('BL25', 'right'), 0);
	assert.equal(await on('BL40', 'right'), 1);
	assert.equal(await on('SP6', 'left'), 0);
	assert.match(await page.locator('#tpl-msg').textContent(),
		/Applied "low back \+ sleep": 6 points, retention 20 min/);
	await h.screenshot(page, 'templates-2-applied');

	/* The session saved, and signed from the form, carries the
	 * template's points. */
	await s.getByRole('radio', { name: 'No new red flags' }).check();
	await s.getByRole('button', { name: 'Save and sign' }).click();
	await page.waitForURL(/\/practice\/patient\?id=\d+#sessions$/);
	const sessions = h.cliJson(server.db, ['session', 'list', String(episode)]);
	const last = sessions[sessions.length - 1];
	const hist = h.cliJson(server.db, ['history', String(last.id)]);
	assert.equal(hist.signed, true);
	assert.deepEqual(hist.versions.map((v) => v.action), ['sign']);
	assert.deepEqual(last.points.map((p) => p.point + ' ' + p.side).sort(),
		['BL17 right', 'BL23 both', 'BL25 left', 'BL40 both', 'GV4 midline', 'HT7 both']);
	assert.equal(last.minutes, 20);
});

test('a name taken offers to replace the template; a colleague applies it but may not remove it', async () => {
	await openForm();
	const s = page.locator('#session');
	/* The form is pre-filled from the session just saved. */
	await s.locator('#pt-KI3').check();
	await page.getByText('Save these points as a template').click();
	await page.getByLabel('Template name', { exact: true }).fill('low back + sleep');
	await page.getByLabel('Share with my clinic', { exact: true }).check();
	await page.getByRole('button', { name: 'Save template' }).click();
	await page.locator('#tpl-save-msg', { hasText: 'exists already' }).waitFor();
	assert.equal(await page.getByLabel('Template name', { exact: true }).getAttribute('aria-invalid'), 'true');
	await page.getByRole('button', { name: 'Replace it' }).click();
	await page.locator('#tpl-save-msg', { hasText: 'Replaced the template' }).waitFor();
	const t = h.cliJson(server.db, ['template', 'list']);
	assert.equal(t.length, 1);
	assert.ok(t[0].points.some((p) => p.point === 'KI3'));

	/* The colleague: the shared template is listed and applies; it is not
	 * theirs to remove. */
	const second = await h.startBrowser({ width: 1280, height: 900 });
	try {
		await colleague(second.page);
	} finally {
		await second.close();
	}
});

async function colleague(other) {
	await h.login(other, server, 'colleague@example.org');
	await other.waitForURL(/\/practice$/);
	await other.goto(server.url('/practice/session?episode=' + episode));
	await other.locator('#pt-BL23').waitFor();
	await other.locator('#tpl-choice optgroup[label="Shared in the clinic"] option').waitFor({ state: 'attached' });
	await choose(other, /^low back \+ sleep \(7 points, 20 min\), from a colleague$/);
	assert.equal(await other.locator('#tpl-remove').isDisabled(), true);
	await other.getByRole('button', { name: 'Apply template' }).click();
	assert.equal(await other.locator('#pt-KI3').isChecked(), true);
	await h.screenshot(other, 'templates-3-colleague');
}
