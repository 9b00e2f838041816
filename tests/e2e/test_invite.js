/*
 * test_invite.js - onboarding in the browser, with no password ever
 * printed: an administrator invites a practitioner, the practitioner
 * opens the link, chooses a password and invites a patient from the
 * chart (link, QR code, letter), the patient opens that link on a 360 px
 * phone, chooses a password and writes a diary day.  A used link and an
 * expired one each show the server's sentence instead of the form.
 * Screenshots at 1280 and 360 px.
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness.js');

let server;
const browsers = [];

before(async () => {
	server = await h.startServer();
	h.cli(server.db, ['user', 'add', '--email', 'boss@example.org', '--role', 'admin',
		'--password-stdin'], h.PASSWORD + '\n');
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

/* Sets an invitation's end in the past with the tests' database helper
 * (tests/pg/testdb.py: SQLite or PostgreSQL alike). */
function expire(email) {
	const pg = path.resolve(__dirname, '../pg');
	execFileSync('/usr/bin/python3', ['-c', [
		'import sys, time',
		'sys.path.insert(0, sys.argv[1])',
		'import testdb',
		'c = testdb.connect(sys.argv[2])',
		'c.execute("UPDATE invitations SET expires_at = ? WHERE email = ?", (int(time.time()) - 60, sys.argv[3]))',
		'c.commit()',
	].join('\n'), pg, server.db, email], { env: process.env });
}

async function noSideways(page, where, width) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= width, where + ': the page is ' + w + ' px wide');
}

test('admin invites a practitioner, who invites a patient, who writes the diary', async () => {
	/* The administrator: a link for Dr Lin. */
	const admin = await browser(1280);
	await h.login(admin.page, server, 'boss@example.org');
	await admin.page.waitForURL(/\/admin$/);
	await admin.page.locator('#user-table tbody tr').first().waitFor();
	const invite = admin.page.locator('#invite-staff');
	await invite.getByLabel('Email (their sign-in)').fill('lin@example.org');
	await invite.getByLabel('Name').fill('Dr Lin');
	await invite.getByLabel('Role').selectOption('practitioner');
	await invite.getByRole('button', { name: 'Make the link' }).click();
	const staffLink = await admin.page.locator('#invite-result #invite-link').inputValue();
	assert.match(staffLink, /^http:\/\/127\.0\.0\.1:\d+\/activate#[A-Za-z0-9_-]{43}$/);
	assert.equal(await admin.page.locator('#invite-result img.qr').count(), 1);
	/* The list of invitations is read again after the link is made. */
	await admin.page.locator('#invitations', { hasText: 'lin@example.org' }).waitFor();
	await h.screenshot(admin.page, 'invite-1-admin-1280');
	/* The audit log: filtered to the invitation, with the export. */
	await admin.page.getByLabel('Action').fill('invitation.create');
	await admin.page.getByRole('button', { name: 'Show', exact: true }).click();
	await admin.page.locator('#audit-table tbody tr td', { hasText: 'invitation.create' }).first()
		.waitFor();
	const download = admin.page.waitForEvent('download');
	await admin.page.getByRole('button', { name: 'Export this view (CSV)' }).click();
	assert.match((await download).suggestedFilename(), /^audit-.*\.csv$/);
	await h.screenshot(admin.page, 'invite-2-admin-audit-1280');

	/* The practitioner activates the link on a desktop. */
	const doc = await browser(1280);
	await doc.page.goto(staffLink);
	await doc.page.getByRole('heading', { name: 'Welcome, Dr Lin' }).waitFor();
	assert.equal(new URL(doc.page.url()).hash, '', 'the token leaves the address bar');
	await h.screenshot(doc.page, 'invite-3-activate-1280');
	await doc.page.getByLabel('Choose a password').fill('lin chooses a long one');
	await doc.page.getByLabel('Type it again').fill('lin chooses a long one');
	await doc.page.getByRole('button', { name: 'Save and sign in' }).click();
	await doc.page.waitForURL(/\/practice$/);

	/* ... and invites the patient from the chart. */
	await doc.page.goto(server.url('/practice/patient?id=' + server.patient.id));
	await doc.page.getByRole('button', { name: 'Invite to the diary' }).click();
	const card = doc.page.locator('#invite-card');
	await card.getByLabel('The patient\'s email (their sign-in)').fill('pat.diary@example.org');
	await card.getByRole('button', { name: 'Make the link' }).click();
	const patientLink = await card.locator('#invite-link').inputValue();
	assert.match(patientLink, /\/activate#[A-Za-z0-9_-]{43}$/);
	assert.equal(await card.locator('img.qr').count(), 1);
	assert.equal(await card.getByRole('button', { name: 'Print the letter' }).count(), 1);
	/* The letter is built and printed alone. */
	const letter = doc.page.locator('#letter');
	assert.match(await letter.textContent(), /Your invitation, Pat Diary/);
	assert.match(await letter.textContent(), /pat\.diary@example\.org/);
	await card.locator('#invite-list li', { hasText: 'not used yet' }).waitFor();
	await h.screenshot(doc.page, 'invite-4-chart-1280');
	await doc.page.emulateMedia({ media: 'print' });
	await doc.page.evaluate(() => document.body.classList.add('printing-letter'));
	await h.screenshot(doc.page, 'invite-5-letter-print');
	await doc.page.evaluate(() => document.body.classList.remove('printing-letter'));
	await doc.page.emulateMedia({ media: 'screen' });

	/* The patient, on a phone. */
	const pat = await browser(360);
	await pat.page.goto(patientLink);
	await pat.page.getByRole('heading', { name: 'Welcome, Pat Diary' }).waitFor();
	await noSideways(pat.page, 'activation', 360);
	await h.screenshot(pat.page, 'invite-6-activate-360');
	await pat.page.getByLabel('Choose a password').fill('pat picks a sentence');
	await pat.page.getByLabel('Type it again').fill('pat picks a sentence');
	await pat.page.getByRole('button', { name: 'Save and sign in' }).click();
	await pat.page.waitForURL(/\/diary/);
	await pat.page.getByRole('link', { name: 'Evening: pain', exact: true }).click();
	const pain = pat.page.locator('#pain');
	await pain.getByRole('heading', { name: 'Today\'s pain' }).waitFor();
	await pain.locator('label[for="pain-3"]').click();
	await pain.getByRole('button', { name: 'Save pain' }).click();
	await pain.locator('#pain-msg.ok', { hasText: /Saved\. Pain 3 out of 10/ }).waitFor();
	await h.screenshot(pat.page, 'invite-7-diary-360');

	/* The practitioner's chart now says the link was used. */
	await doc.page.reload();
	await doc.page.getByRole('button', { name: 'Invite to the diary' }).click();
	await doc.page.locator('#invite-list li', { hasText: 'used: the account exists' }).waitFor();

	/* The same link again: the sentence, no form. */
	const again = await browser(360);
	again.expected.push(/status of 410/);
	await again.page.goto(patientLink);
	await again.page.getByRole('heading', { name: 'This link does not work' }).waitFor();
	assert.match(await again.page.locator('#msg').textContent(), /This link has been used already/);
	assert.equal(await again.page.locator('#activate').isVisible(), false);
	await h.screenshot(again.page, 'invite-8-used-360');

	/* An expired link: the sentence with the day it ended. */
	const inv = h.cliJson(server.db, ['user', 'invite', '--email', 'late@example.org', '--role',
		'patient', '--patient', String(server.patient.id), '--url', server.url('')]);
	expire('late@example.org');
	const late = await browser(360);
	late.expected.push(/status of 410/);
	await late.page.goto(inv.link);
	await late.page.getByRole('heading', { name: 'This link does not work' }).waitFor();
	assert.match(await late.page.locator('#msg').textContent(), /This link expired on \d{4}-\d\d-\d\d/);
	await noSideways(late.page, 'expired link', 360);
	await h.screenshot(late.page, 'invite-9-expired-360');

	/* The admin page on a phone too. */
	const small = await browser(360);
	await h.login(small.page, server, 'boss@example.org');
	await small.page.waitForURL(/\/admin$/);
	await small.page.locator('#user-table tbody tr').first().waitFor();
	await h.screenshot(small.page, 'invite-10-admin-360');
	await noSideways(small.page, 'administration', 360);
	await small.page.locator('#users').screenshot({ path: path.join(process.env.BR_ARTIFACTS ||
		path.resolve(__dirname, '../artifacts/local'), 'invite-11-admin-users-360.png') });

	for (const b of browsers)
		assert.deepEqual(b.problems, []);
});
