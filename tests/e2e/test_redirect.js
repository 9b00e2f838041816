/*
 * test_redirect.js - the sign-in page goes on to ?next= only when it names
 * one of the app's own pages on this site; anything else (another host
 * however it is spelled, a script URL, a page that is not the app's) goes
 * to the home of the account's role.  Checked in the browser, whose URL
 * parser is the one that matters: a tab in "/<tab>/host" is dropped and a
 * backslash read as a slash.
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

let server, browser, page;

before(async () => {
	server = await h.startServer();
	browser = await h.startBrowser({ width: 1024, height: 768 });
	page = browser.page;
});

after(async () => {
	if (browser)
		await browser.close();
	if (server)
		await server.stop();
});

/* next values (as the page reads them, decoded) that must not be
 * followed. */
const OFF_SITE = [
	'/\t/evil.invalid/x', '/\n/evil.invalid', '/\r\n/evil.invalid', '//evil.invalid',
	'/\\evil.invalid', '/\\/evil.invalid', '\\\\evil.invalid', 'https://evil.invalid/diary',
	'http:evil.invalid', 'javascript:alert(1)', ' /diary', '/%2F%2Fevil.invalid',
	'///evil.invalid', '/diary@evil.invalid', 'data:text/html,x', '/login', '/api/v1/session',
	'/assets/app.css', '/', '', '/.%2e/diary/..%2f..%2fevil',
];

test('the check: only the app\'s own pages on this origin', async () => {
	await page.goto(server.url('/login'));
	const got = await page.evaluate((vals) => vals.map((v) => BR.localPage(v)), OFF_SITE);
	assert.deepEqual(got, OFF_SITE.map(() => null));
	const port = server.port;
	const ok = await page.evaluate((p) => [
		BR.localPage('/diary'), BR.localPage('/practice/patient?id=12#sessions'),
		BR.localPage('/practice/'), BR.localPage('http://127.0.0.1:' + p + '/help'),
		BR.localPage('/diary/../help'),
	], port);
	assert.deepEqual(ok, ['/diary', '/practice/patient?id=12#sessions', '/practice/', null, '/help']);
});

test('signing in with a crafted next stays on the site', async () => {
	await page.goto(server.url('/login?next=/%09/evil.invalid/x'));
	await page.getByLabel('Email').fill('pat@example.org');
	await page.getByLabel('Password').fill(h.PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((u) => u.pathname === '/diary' || u.hostname !== '127.0.0.1');
	assert.equal(new URL(page.url()).origin, server.url(''));
	assert.equal(new URL(page.url()).pathname, '/diary');
	// Signed in already: the page goes straight on, by the same rule.
	for (const next of OFF_SITE) {
		await page.goto(server.url('/login?next=' + encodeURIComponent(next)));
		await page.waitForURL((u) => u.pathname !== '/login' || u.hostname !== '127.0.0.1');
		const u = new URL(page.url());
		assert.equal(u.origin + u.pathname, server.url('/diary'), JSON.stringify(next));
	}
	await page.goto(server.url('/login?next=' + encodeURIComponent('/help?from=diary')));
	await page.waitForURL((u) => u.pathname === '/help');
	assert.equal(new URL(page.url()).search, '?from=diary');
	assert.deepEqual(browser.problems, []);
});
