/*
 * common.js - what every page of backrest's web app shares: calls to the
 * JSON API (cookie session + X-CSRF-Token), the sign-in check, building
 * DOM nodes (text only: this app never assigns HTML strings, so a name or
 * a note can never become markup), dates and plain-words formatting.
 *
 * Exposes one global, BR.
 */
'use strict';

const BR = (() => {
	let csrf = null;
	let session = null;

	class ApiError extends Error {
		constructor(status, code, message, field) {
			super(message);
			this.status = status;
			this.code = code;
			this.field = field;
		}
	}

	/* One API call; resolves to the parsed JSON or throws ApiError. */
	async function api(method, path, body) {
		const headers = { Accept: 'application/json' };
		const init = { method, headers, credentials: 'same-origin' };
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
			init.body = JSON.stringify(body);
		}
		if (method !== 'GET' && csrf)
			headers['X-CSRF-Token'] = csrf;
		let r;
		try {
			r = await fetch(path, init);
		} catch (e) {
			throw new ApiError(0, 'network',
				'The server cannot be reached. Check your connection and try again.',
				null);
		}
		let data = null;
		try {
			data = await r.json();
		} catch (e) {
			data = null;
		}
		if (!r.ok) {
			const e = (data && data.error) || {};
			if (r.status === 401)
				signedIn(false);
			if (r.status === 401 && path !== '/api/v1/session')
				toLogin();
			throw new ApiError(r.status, e.code || 'error',
				e.message || 'The request failed (' + r.status + ').',
				e.field || null);
		}
		return data;
	}

	/* Sends a file as a request's body (an upload route), reporting the
	 * share sent to progress(0..1); resolves to the parsed JSON or throws
	 * ApiError, as api() does. */
	function upload(path, file, progress) {
		return new Promise((resolve, reject) => {
			const x = new XMLHttpRequest();
			x.open('POST', path);
			x.withCredentials = true;
			x.setRequestHeader('Accept', 'application/json');
			x.setRequestHeader('Content-Type', 'application/octet-stream');
			if (csrf)
				x.setRequestHeader('X-CSRF-Token', csrf);
			x.upload.onprogress = (e) => {
				if (progress && e.lengthComputable)
					progress(e.loaded / e.total);
			};
			x.onerror = () => reject(new ApiError(0, 'network',
				'The server cannot be reached. Check your connection and try again.', null));
			x.onload = () => {
				let data = null;
				try {
					data = JSON.parse(x.responseText);
				} catch (e) {
					data = null;
				}
				if (x.status >= 200 && x.status < 300)
					return resolve(data);
				const e = (data && data.error) || {};
				if (x.status === 401)
					toLogin();
				reject(new ApiError(x.status, e.code || 'error',
					e.message || 'The upload failed (' + x.status + ').', e.field || null));
			};
			x.send(file);
		});
	}

	/* Whether this browser signed in here and has not signed out since
	 * (a mark in localStorage, not the session itself, which is an HttpOnly
	 * cookie): without it no page asks the server, so a visitor who never
	 * signed in is not answered 401 (which the browser logs as an error).
	 * With a value, sets or clears the mark. */
	function signedIn(value) {
		try {
			if (value === true)
				localStorage.setItem('br.signed-in', '1');
			else if (value === false)
				localStorage.removeItem('br.signed-in');
			return localStorage.getItem('br.signed-in') === '1';
		} catch (e) {
			/* No storage (a locked-down browser): ask the server. */
			return true;
		}
	}

	function toLogin() {
		const next = location.pathname + location.search + location.hash;
		location.assign('/login?next=' + encodeURIComponent(next));
	}

	/* The web app's own pages: where a sign-in may go on to. */
	const PAGES = ['/diary', '/practice', '/practice/patient', '/practice/intake',
		'/practice/session', '/practice/previsit', '/previsit', '/help', '/admin'];

	/* next as a path of this site's pages ("/practice/patient?id=1"), or
	 * null: it must resolve, as the browser would resolve it, to this
	 * origin and one of PAGES.  A control character or a backslash is
	 * refused outright (the URL parser drops tabs and newlines and reads
	 * "\" as "/", so "/<tab>/host" and "/\host" would leave the site). */
	function localPage(next) {
		if (typeof next !== 'string' || next[0] !== '/' || /[\u0000-\u001f\u007f\\]/.test(next))
			return null;
		let u;
		try {
			u = new URL(next, location.origin);
		} catch (e) {
			return null;
		}
		if (u.origin !== location.origin || u.username || u.password)
			return null;
		if (!PAGES.includes(u.pathname.length > 1 ? u.pathname.replace(/\/$/, '') : u.pathname))
			return null;
		return u.pathname + u.search + u.hash;
	}

	function home(role) {
		if (role === 'patient')
			return '/diary';
		if (role === 'practitioner')
			return '/practice';
		if (role === 'admin')
			return '/admin';
		return '/login';
	}

	/* The signed-in session, or a trip to the sign-in page.  With role,
	 * a user of another role is sent to their own home page. */
	async function requireSession(role) {
		if (!signedIn()) {
			toLogin();
			return new Promise(() => {});
		}
		try {
			session = await api('GET', '/api/v1/session');
		} catch (e) {
			if (e.status === 401) {
				toLogin();
				return new Promise(() => {});
			}
			throw e;
		}
		csrf = session.csrf_token;
		if (role && session.user.role !== role) {
			location.replace(home(session.user.role));
			return new Promise(() => {});
		}
		wireSignOut();
		return session;
	}

	function setSession(s) {
		session = s;
		csrf = s.csrf_token;
		signedIn(true);
	}

	function wireSignOut() {
		for (const b of document.querySelectorAll('[data-signout]')) {
			b.hidden = false;
			b.addEventListener('click', async () => {
				try {
					await api('DELETE', '/api/v1/session');
				} finally {
					signedIn(false);
					location.assign('/login');
				}
			});
		}
	}

	/* el('p', {class: 'x', text: 'hi'}, child, 'text', ...) */
	function el(tag, props, ...children) {
		const n = document.createElement(tag);
		for (const [k, v] of Object.entries(props || {})) {
			if (v === undefined || v === null || v === false)
				continue;
			if (k === 'text')
				n.textContent = String(v);
			else if (k === 'class')
				n.className = v;
			else if (k === 'on')
				for (const [ev, fn] of Object.entries(v))
					n.addEventListener(ev, fn);
			else if (k in n && typeof v !== 'string')
				n[k] = v;
			else
				n.setAttribute(k, v === true ? '' : String(v));
		}
		for (const c of children.flat()) {
			if (c === undefined || c === null || c === false)
				continue;
			n.append(c instanceof Node ? c : document.createTextNode(String(c)));
		}
		/* A region that may scroll sideways is reachable by keyboard. */
		if (n.classList.contains('table-wrap') && !n.hasAttribute('tabindex'))
			n.setAttribute('tabindex', '0');
		return n;
	}

	/* The drawing of an exercise's start and end positions (a ladder of
	 * GET /api/v1/exercises: {ladder, label}). */
	function exerciseImage(l) {
		return el('img', { class: 'exercise-picture', src: '/assets/exercise-' + (l.ladder || l.id) + '.svg',
			alt: l.label + ': the start position and the end position', width: '250', height: '124' });
	}

	function clear(n) {
		while (n.firstChild)
			n.removeChild(n.firstChild);
		return n;
	}

	/* Shows a message in a role=status/alert element.  kind: ok, bad,
	 * info; '' clears. */
	function say(box, kind, text) {
		box.className = 'msg' + (kind ? ' ' + kind : '');
		box.textContent = text || '';
	}

	/* Shows an API error: the sentence, and marks the named field. */
	function showError(box, form, err) {
		if (form)
			for (const n of form.querySelectorAll('[aria-invalid]'))
				n.removeAttribute('aria-invalid');
		say(box, 'bad', err.message);
		if (form && err.field) {
			const f = form.querySelector('[name="' + CSS.escape(err.field) + '"]');
			if (f) {
				f.setAttribute('aria-invalid', 'true');
				f.focus();
			}
		}
	}

	/* Dates: ISO "YYYY-MM-DD" strings, computed in UTC so no time zone
	 * can shift a day. */
	function parseDate(iso) {
		const [y, m, d] = iso.split('-').map(Number);
		return new Date(Date.UTC(y, m - 1, d));
	}
	function isoDate(dt) {
		return dt.toISOString().slice(0, 10);
	}
	function addDays(iso, n) {
		const dt = parseDate(iso);
		dt.setUTCDate(dt.getUTCDate() + n);
		return isoDate(dt);
	}
	function daysBetween(a, b) {
		return Math.round((parseDate(b) - parseDate(a)) / 86400000);
	}
	function fmtDate(iso, opts) {
		return parseDate(iso).toLocaleDateString(undefined, Object.assign(
			{ weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' },
			opts || {}));
	}
	function fmtLongDate(iso) {
		return fmtDate(iso, { weekday: 'long', month: 'long' });
	}
	/* Seconds at local noon of a date: the x value of chart points. */
	function chartTime(iso) {
		const [y, m, d] = iso.split('-').map(Number);
		return new Date(y, m - 1, d, 12).getTime() / 1000;
	}

	/* 405 -> "6 h 45 min" */
	function hm(min) {
		if (min === null || min === undefined)
			return '—';
		const m = Math.round(min);
		const h = Math.floor(m / 60);
		return h ? h + ' h ' + (m % 60) + ' min' : (m % 60) + ' min';
	}

	function num(v, digits) {
		if (v === null || v === undefined)
			return '—';
		return Number(v).toFixed(digits === undefined ? 1 : digits);
	}

	const QUALITY = ['very poor', 'poor', 'fair', 'good', 'very good'];
	function qualityWord(q) {
		return q === null || q === undefined ? '—' : QUALITY[Math.round(q)];
	}
	/* Descriptors of the 0-10 scale: mild 1-3, moderate 4-6, severe 7-10. */
	function painWord(p) {
		if (p === null || p === undefined)
			return '—';
		if (p < 0.5)
			return 'no pain';
		if (p < 3.5)
			return 'mild';
		if (p < 6.5)
			return 'moderate';
		return 'severe';
	}

	/* The mean of the last 7 days (those reported) for each day. */
	function rolling7(dates, values) {
		return dates.map((d, i) => {
			let s = 0, n = 0;
			for (let j = i; j >= 0 && daysBetween(dates[j], d) < 7; j--)
				if (values[j] !== null && values[j] !== undefined) {
					s += values[j];
					n++;
				}
			return n ? s / n : null;
		});
	}

	/* Runs fn over items with at most limit calls at once. */
	async function pool(items, limit, fn) {
		const out = new Array(items.length);
		let next = 0;
		async function worker() {
			while (next < items.length) {
				const i = next++;
				try {
					out[i] = await fn(items[i], i);
				} catch (e) {
					out[i] = e;
				}
			}
		}
		await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
		return out;
	}

	function param(name) {
		return new URLSearchParams(location.search).get(name);
	}

	/* Ids are up to 2^53-1: Number is exact for them. */
	function idParam(name) {
		const v = param(name);
		return v && /^[1-9][0-9]{0,15}$/.test(v) ? Number(v) : null;
	}

	/* A region of a page that may scroll sideways is reachable by
	 * keyboard: the pages' own table wrappers (those made later by el()
	 * get the same). */
	for (const n of document.querySelectorAll('.table-wrap:not([tabindex])'))
		n.setAttribute('tabindex', '0');

	return {
		ApiError, api, upload, requireSession, setSession, signedIn, home, localPage, el, clear, say, exerciseImage,
		showError, parseDate, isoDate, addDays, daysBetween, fmtDate,
		fmtLongDate, chartTime, hm, num, qualityWord, painWord, rolling7,
		pool, param, idParam, QUALITY,
		get session() { return session; },
	};
})();
