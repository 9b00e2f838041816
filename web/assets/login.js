/*
 * login.js - sign in, then go to the page asked for (same site only) or
 * to the home of the account's role.
 */
'use strict';

(() => {
	const form = document.getElementById('login');
	const msg = document.getElementById('msg');

	/* Only one of the app's pages on this site (BR.localPage), else the
	 * role's home. */
	function target(role) {
		return BR.localPage(BR.param('next')) || BR.home(role);
	}

	function go(s) {
		location.assign(target(s.user.role));
	}

	/* Already signed in: straight on (asked only when this browser signed
	 * in before, so a first visit is not answered 401). */
	if (BR.signedIn())
		BR.api('GET', '/api/v1/session').then(go).catch(() => {});

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const email = form.email.value.trim();
		const password = form.password.value;
		if (!email || !password) {
			BR.showError(msg, form, new BR.ApiError(0, 'invalid',
				'Enter your email and your password.', email ? 'password' : 'email'));
			return;
		}
		const button = form.querySelector('button');
		button.disabled = true;
		BR.say(msg, '', '');
		try {
			const s = await BR.api('POST', '/api/v1/session', { email, password });
			BR.setSession(s);
			go(s);
		} catch (err) {
			BR.showError(msg, form, err);
			form.password.value = '';
		} finally {
			button.disabled = false;
		}
	});
})();
