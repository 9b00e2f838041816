/*
 * stop.js - the page a reminder email's link opens: the link's secret is
 * in the fragment (#t=...), so it never reaches a server log or a
 * Referer; a press of the button (not the opening of the page, which
 * mail scanners do) sends it to /api/v1/reminders/stop once.
 */
'use strict';

(() => {
	const $ = (id) => document.getElementById(id);
	const token = new URLSearchParams(location.hash.slice(1)).get('t');
	const msg = $('stop-msg');
	const button = $('stop');
	const WHAT = { appointment: 'visit reminders', questionnaire: 'questionnaire reminders',
		diary: 'diary reminders' };
	if (!token) {
		BR.say(msg, 'bad', 'This link is not complete. Open it again from the email, or change your reminders in your diary.');
		button.hidden = true;
		return;
	}
	/* The secret leaves the address bar once read. */
	history.replaceState(null, '', location.pathname);
	button.addEventListener('click', async () => {
		button.disabled = true;
		try {
			const r = await BR.api('POST', '/api/v1/reminders/stop', { token });
			BR.say(msg, 'ok', 'Done: you will get no more ' + (WHAT[r.stopped] || 'reminders') + ' by email.');
			button.hidden = true;
		} catch (err) {
			BR.say(msg, 'bad', err.status === 404
				? 'This link has been used already or is not valid. You can change your reminders in your diary.'
				: err.message);
			button.disabled = false;
			button.hidden = err.status === 404;
		}
	});
})();
