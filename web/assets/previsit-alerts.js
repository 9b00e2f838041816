/*
 * previsit-alerts.js - on the practitioner's Today, the patients whose
 * pre-visit answers point to an emergency, at the top of the page (GET
 * /api/v1/previsit/alerts), each a link to their answers.  A separate
 * hook so Today's own script is untouched: the section stays hidden
 * when there is nothing to show.
 */
'use strict';

(async () => {
	const box = document.getElementById('previsit-alerts');
	if (!box || !BR.signedIn())
		return;
	let alerts;
	try {
		alerts = await BR.api('GET', '/api/v1/previsit/alerts');
	} catch (e) {
		return; /* Today says itself what is wrong with the session */
	}
	const list = BR.clear(document.getElementById('previsit-alert-list'));
	for (const a of alerts)
		list.append(BR.el('li', {},
			BR.el('a', { href: '/practice/previsit?id=' + a.patient_id, text: a.name }),
			': replied yes to ' + a.flags.join(', ') + ' (answered ' +
			a.updated_at.slice(0, 16).replace('T', ' ') + ' UTC)'));
	box.hidden = alerts.length === 0;
})();
