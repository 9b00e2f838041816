/*
 * previsit-alerts.js - on the practitioner's Today, the patients whose
 * pre-visit answers point to an emergency, at the top of the page (GET
 * /api/v1/previsit/alerts), each a link to their answers.  A separate
 * hook so Today's own script and layout are untouched: the section
 * (#previsit-alerts) is added above everything only when there is
 * someone to show.
 */
'use strict';

(async () => {
	const msg = document.getElementById('msg');
	if (!msg || !BR.signedIn())
		return;
	let alerts;
	try {
		alerts = await BR.api('GET', '/api/v1/previsit/alerts');
	} catch (e) {
		return; /* Today says itself what is wrong with the session */
	}
	if (!alerts.length)
		return;
	/* The flags in the screen's own words (GET /red-flags), not their ids. */
	const words = new Map();
	try {
		for (const f of await BR.api('GET', '/api/v1/red-flags'))
			words.set(f.id, f.label);
	} catch (e) {
		/* the ids then */
	}
	const el = BR.el;
	msg.after(el('section', { id: 'previsit-alerts', class: 'card urgent',
		'aria-labelledby': 'previsit-alerts-h' },
	el('h2', { id: 'previsit-alerts-h', text: 'Pre-visit answers that point to an emergency' }),
	el('p', { class: 'small', text: 'Contact these patients now; their answers are on ' +
		'their pre-visit page.' }),
	el('ul', {}, alerts.map((a) => el('li', {},
		el('a', { href: '/practice/previsit?id=' + a.patient_id, text: a.name }),
		': replied yes to ' + a.flags.map((f) => words.get(f) || f).join('; ') + ' (answered ' +
		a.updated_at.slice(0, 16).replace('T', ' ') + ' UTC)')))));
})();
