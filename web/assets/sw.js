/*
 * sw.js - the diary's service worker, served at /sw.js and registered by
 * diary.js with the scope /diary, so it sees only the diary's pages.
 *
 * The diary opens without a network: its page and assets are kept at
 * install and refreshed whenever the network answers (network first, so
 * an update is never held back), and the last answer of each API read
 * the diary made is kept for when the network is gone.  Writes are never
 * touched here: an entry the network did not take waits in IndexedDB
 * (diary.js) and is sent again with its entry id.  Signing out (DELETE
 * /api/v1/session) drops the kept API answers.
 */
'use strict';

const SHELL = 'br-diary-shell-v2';
const API = 'br-diary-api-v1';
const FILES = ['/diary', '/diary/reminders', '/diary/questionnaires', '/manifest.webmanifest',
	'/assets/app.css', '/assets/common.js', '/assets/charts.js', '/assets/diary.js',
	'/assets/reminders.js', '/assets/questionnaires.js',
	'/assets/icon.svg', '/assets/vendor/uPlot.min.css', '/assets/vendor/uPlot.iife.min.js'];

self.addEventListener('install', (e) => {
	e.waitUntil(caches.open(SHELL).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
	e.waitUntil(caches.keys()
		.then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== API).map((k) => caches.delete(k))))
		.then(() => self.clients.claim()));
});

const offline = () => new Response(JSON.stringify({ error: { code: 'offline',
	message: 'You are offline; this part of the diary shows when you are online again.',
	field: null } }), { status: 503, headers: { 'Content-Type': 'application/json' } });

async function networkFirst(req, cacheName, ignoreSearch) {
	try {
		const r = await fetch(req);
		if (r.ok) {
			const c = await caches.open(cacheName);
			await c.put(req, r.clone());
		}
		return r;
	} catch (err) {
		const hit = await caches.match(req, { cacheName, ignoreSearch });
		if (hit)
			return hit;
		if (cacheName === API)
			return offline();
		throw err;
	}
}

self.addEventListener('fetch', (e) => {
	const url = new URL(e.request.url);
	if (url.origin !== self.location.origin)
		return;
	if (e.request.method === 'DELETE' && url.pathname === '/api/v1/session') {
		e.respondWith(caches.delete(API).then(() => fetch(e.request)));
		return;
	}
	if (e.request.method !== 'GET')
		return;
	if (url.pathname.startsWith('/api/'))
		e.respondWith(networkFirst(e.request, API, false));
	else
		e.respondWith(networkFirst(e.request, SHELL, true));
});
