/*
 * harness.js - shared by the browser tests (tests/e2e/test_*.js).
 *
 * Starts the real binary ($BACKREST, set by CTest) with `serve --listen
 * 127.0.0.1:0` on a temporary database with one clinic, a patient and an
 * account of each clinical role, reads the port from the "listening on"
 * line, and drives Debian's chromium (/usr/bin/chromium, headless, a fresh
 * profile directory) with playwright-core from the build tree's npm
 * packages ($BR_NODE_MODULES).  Screenshots go to $BR_ARTIFACTS.
 *
 * Every page is watched for console errors and uncaught exceptions, so a
 * Content-Security-Policy violation or a script error fails the test.
 *
 * Every page is also checked by axe-core (from the same npm packages,
 * added to each document before its own scripts): after each load, at each
 * screenshot and when the browser closes.  A violation of impact serious or
 * critical, or of a rule once found and fixed here (AXE_RULES_KEPT), is a
 * problem like a console error, and close() fails if any was found.
 */
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const BACKREST = process.env.BACKREST || path.resolve(__dirname, '../../build/backrest');
const NODE_MODULES = process.env.BR_NODE_MODULES ||
	path.resolve(__dirname, '../../build/web-npm/node_modules');
const ARTIFACTS = process.env.BR_ARTIFACTS || path.resolve(__dirname, '../artifacts/local');
const CHROMIUM = process.env.BR_CHROMIUM || '/usr/bin/chromium';
const { chromium } = require(path.join(NODE_MODULES, 'playwright-core'));
const AXE_SOURCE = path.join(NODE_MODULES, 'axe-core', 'axe.min.js');
/* Rules of lesser impact that once failed on these pages and stay fixed:
 * a scrollable region a keyboard cannot reach, a skipped heading level, a
 * table header with no text. */
const AXE_RULES_KEPT = ['scrollable-region-focusable', 'heading-order', 'empty-table-header'];

const PASSWORD = 'correct horse battery';

function cli(db, args, input) {
	const env = Object.assign({}, process.env);
	delete env.BACKREST_DB;
	return execFileSync(BACKREST, ['--db', db, ...args], {
		input: input || '', env, encoding: 'utf8', timeout: 120000,
	});
}

function cliJson(db, args, input) {
	return JSON.parse(cli(db, [...args, '--json'], input));
}

/* The database under test: an SQLite file in dir, or with
 * BR_TEST_BACKEND=postgresql (the e2e_*_pg tests) a new database in the
 * test cluster (tests/pg/cluster), dropped by stop(). */
const PG = process.env.BR_TEST_BACKEND === 'postgresql';

function psql(sql) {
	execFileSync('psql', ['-X', '-q', '-h', process.env.BR_PG_HOST, '-U',
		process.env.BR_PG_USER || 'backrest', '-d', 'postgres', '-c', sql]);
}

function newDb(dir) {
	if (!PG)
		return path.join(dir, 't.db');
	const name = 't_' + require('node:crypto').randomBytes(6).toString('hex');
	psql('CREATE DATABASE "' + name + '"');
	return 'postgresql:///' + name + '?host=' + process.env.BR_PG_HOST + '&user=' +
		(process.env.BR_PG_USER || 'backrest');
}

function dropDb(db) {
	if (db.startsWith('postgresql://'))
		psql('DROP DATABASE IF EXISTS "' + db.split('///')[1].split('?')[0] + '" WITH (FORCE)');
}

/* A temporary database and a running server. */
async function startServer() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-e2e-'));
	const db = newDb(dir);
	cli(db, ['init', '--clinic', 'North']);
	const patient = cliJson(db, ['patient', 'add', '--name', 'Pat Diary', '--born', '1980-05-04']);
	const onset = new Date(Date.now() - 60 * 86400000);
	const pad = (n) => String(n).padStart(2, '0');
	patient.episode = cliJson(db, ['episode', 'open', String(patient.id), '--onset',
		onset.getFullYear() + '-' + pad(onset.getMonth() + 1) + '-' + pad(onset.getDate())]);
	const user = (email, role, extra) => cliJson(db, ['user', 'add', '--email', email, '--role', role,
		'--password-stdin', ...(extra || [])], PASSWORD + '\n');
	user('doc@example.org', 'practitioner');
	user('pat@example.org', 'patient', ['--patient', String(patient.id)]);

	const env = Object.assign({}, process.env);
	delete env.BACKREST_DB;
	const proc = spawn(BACKREST, ['--db', db, 'serve', '--listen', '127.0.0.1:0'],
		{ env, stdio: ['ignore', 'pipe', 'pipe'] });
	let stderr = '';
	proc.stderr.on('data', (d) => { stderr += d; });
	const port = await new Promise((resolve, reject) => {
		const rl = readline.createInterface({ input: proc.stdout });
		const timer = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 60000);
		rl.once('line', (line) => {
			clearTimeout(timer);
			const m = /^listening on http:\/\/[^ ]+:(\d+)$/.exec(line.trim());
			if (m)
				resolve(Number(m[1]));
			else
				reject(new Error('server did not start: ' + line + stderr));
		});
		proc.once('exit', (code) => reject(new Error('server exited ' + code + ': ' + stderr)));
	});
	return {
		dir, db, port, patient, proc,
		url: (p) => 'http://127.0.0.1:' + port + p,
		async stop() {
			if (proc.exitCode === null) {
				const done = new Promise((r) => proc.once('exit', r));
				proc.kill('SIGTERM');
				await done;
			}
			dropDb(db);
			fs.rmSync(dir, { recursive: true, force: true });
			/* A sanitizer report or an unclean exit fails the test. */
			const bad = ['AddressSanitizer', 'LeakSanitizer', 'runtime error:']
				.filter((m) => stderr.includes(m));
			if (proc.exitCode !== 0 || bad.length > 0)
				throw new Error('the server exited with ' + proc.exitCode +
					' (' + (bad.join(', ') || 'no sanitizer report') + '):\n' +
					stderr.slice(-4000));
			return stderr;
		},
	};
}

/* axe-core on the page as it is now: the serious or critical violations
 * and those of AXE_RULES_KEPT, one line each ("rule (impact): target"). A
 * page that navigates away while axe runs is checked at its next load. */
async function axeCheck(page) {
	if (page.isClosed())
		return [];
	let result;
	try {
		result = await page.evaluate(async (kept) => {
			if (!window.axe)
				return null;
			/* One run at a time on a page (axe refuses overlapping runs). */
			while (window.__brAxeBusy)
				await new Promise((r) => setTimeout(r, 50));
			window.__brAxeBusy = true;
			try {
				const r = await window.axe.run(document, { resultTypes: ['violations'] });
				return r.violations
					.filter((v) => v.impact === 'serious' || v.impact === 'critical' ||
						kept.includes(v.id))
					.map((v) => v.id + ' (' + v.impact + '): ' +
						v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ') +
						' - ' + v.help);
			} finally {
				window.__brAxeBusy = false;
			}
		}, AXE_RULES_KEPT);
	} catch (e) {
		/* Navigated or closed during the run. */
		return [];
	}
	return result || [];
}

/* A fresh headless chromium profile; viewport as given. */
async function startBrowser(viewport) {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'br-e2e-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		viewport,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
			'--no-first-run', '--disable-background-networking',
			'--disable-component-update', '--disable-sync'],
	});
	await context.addInitScript({ path: AXE_SOURCE });
	const problems = [];
	/* Accessibility violations found by axe (also in problems), once per
	 * page path and rule. */
	const axe = [];
	const axeSeen = new Set();
	const pending = new Set();
	const recordAxe = (url, lines) => {
		const where = url.replace(/^https?:\/\/[^/]+/, '').replace(/[?#].*$/, '');
		for (const line of lines) {
			const key = where + ' ' + line.split(' ')[0];
			if (axeSeen.has(key))
				continue;
			axeSeen.add(key);
			axe.push(where + ': axe: ' + line);
			problems.push(where + ': axe: ' + line);
		}
	};
	const runAxe = (page) => {
		const url = page.url();
		const p = axeCheck(page).then((lines) => recordAxe(url, lines));
		pending.add(p);
		p.finally(() => pending.delete(p));
		return p;
	};
	/* Console errors a test expects (an API refusal it provokes on
	 * purpose), as regular expressions; the test adds and removes them. */
	const expected = [];
	const watch = (page) => {
		page.on('console', (m) => {
			if (m.type() === 'error' && !expected.some((r) => r.test(m.text())))
				problems.push(page.url() + ': console: ' + m.text());
		});
		page.on('pageerror', (e) => problems.push(page.url() + ': ' + e.message));
		/* Give the page's scripts a moment to draw what they fetch. */
		page.on('load', () => {
			const p = new Promise((r) => setTimeout(r, 400)).then(() => runAxe(page));
			pending.add(p);
			p.finally(() => pending.delete(p));
		});
	};
	context.on('page', watch);
	const page = context.pages()[0] || await context.newPage();
	watch(page);
	const browser = {
		context, page, problems, expected, axe,
		/* Checks every open page now; resolves to the new violations. */
		async checkAccessibility() {
			const before = axe.length;
			await Promise.all(context.pages().map(runAxe));
			return axe.slice(before);
		},
		async close() {
			await browser.checkAccessibility();
			while (pending.size > 0)
				await Promise.all([...pending]);
			await context.close();
			fs.rmSync(profile, { recursive: true, force: true });
			if (axe.length > 0)
				throw new Error('accessibility violations (axe-core):\n' + axe.join('\n'));
		},
	};
	pageBrowser.set(page, browser);
	context.on('page', (p) => pageBrowser.set(p, browser));
	return browser;
}

/* Which browser a page belongs to (for the check at each screenshot). */
const pageBrowser = new WeakMap();

/* A full-page screenshot in the artifacts directory, after an axe check of
 * the page as shown. */
async function screenshot(page, name) {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	const file = path.join(ARTIFACTS, name + '.png');
	const browser = pageBrowser.get(page);
	if (browser)
		await browser.checkAccessibility();
	await page.screenshot({ path: file, fullPage: true });
	return file;
}

async function login(page, server, email) {
	await page.goto(server.url('/login'));
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

module.exports = { startServer, startBrowser, screenshot, login, cli, cliJson, PASSWORD };
