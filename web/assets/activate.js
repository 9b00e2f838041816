/*
 * activate.js - the page behind a one-time link (/activate#TOKEN): says
 * whom the invitation is for, lets them choose a password, and signs
 * them in (a patient asked for the pre-visit questions goes on to
 * them).  The token is read from the fragment (never sent in a URL the
 * server logs) and then removed from the address bar and the history.
 * A used, expired or withdrawn link shows the server's one sentence.
 */
'use strict';

(() => {
	const form = document.getElementById('activate');
	const msg = document.getElementById('msg');
	const title = document.getElementById('title');
	const intro = document.getElementById('intro');
	const signin = document.getElementById('signin');
	const token = location.hash.replace(/^#/, '');
	const complete = /^[A-Za-z0-9_-]{43}$/.test(token);

	if (complete)
		history.replaceState(null, '', location.pathname);

	function dead(text) {
		title.textContent = 'This link does not work';
		intro.textContent = '';
		form.hidden = true;
		signin.hidden = false;
		BR.say(msg, 'bad', text);
	}

	/* The server's sentence about a link, as a sentence on the page. */
	function deadFrom(err) {
		dead(err.message.charAt(0).toUpperCase() + err.message.slice(1) + '.');
	}

	async function load() {
		if (!complete) {
			dead('This link is not complete; check that it was copied whole, or ask for a new one.');
			return;
		}
		try {
			const who = await BR.api('GET', '/api/v1/invitations/' + token);
			const name = who.name || 'there';
			if (who.kind === 'reset') {
				title.textContent = 'A new password for ' + (who.name || 'your account');
				intro.textContent = 'Choose a new password. The link works once, until ' +
					who.expires_at + '.';
			} else {
				title.textContent = 'Welcome, ' + name;
				intro.textContent = (who.role === 'patient'
					? 'Your practitioner invites you to keep your sleep and pain diary here. '
					: 'You are invited to backrest. ') +
					'Choose a password to finish. The link works once, until ' + who.expires_at + '.';
			}
			form.hidden = false;
			form.password.focus();
		} catch (err) {
			deadFrom(err);
		}
	}

	/* Where a new account goes: a patient asked for the pre-visit
	 * questions goes on to them, anyone else home. */
	async function next(role) {
		if (role !== 'patient')
			return BR.home(role);
		try {
			const p = await BR.api('GET', '/api/v1/me/previsit');
			if (['requested', 'answering', 'sent'].includes(p.status))
				return '/previsit';
		} catch (e) {
			/* The diary then. */
		}
		return BR.home(role);
	}

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const password = form.password.value;
		if (password.length < 10) {
			BR.showError(msg, form, new BR.ApiError(0, 'invalid',
				'The password needs at least 10 characters.', 'password'));
			return;
		}
		if (form.again.value !== password) {
			BR.showError(msg, form, new BR.ApiError(0, 'invalid',
				'The two passwords differ; type the same one twice.', 'again'));
			return;
		}
		const button = form.querySelector('button');
		button.disabled = true;
		BR.say(msg, '', '');
		try {
			const s = await BR.api('POST', '/api/v1/invitations/' + token, { password });
			BR.setSession(s);
			location.assign(await next(s.user.role));
		} catch (err) {
			if (err.status === 410 || err.status === 404)
				deadFrom(err);
			else
				BR.showError(msg, form, err);
		} finally {
			button.disabled = false;
		}
	});

	load();
})();
