/*
 * today.js - the practitioner's Today page: the day's appointments in
 * time order (what is due at each, one click to the session form filled
 * for that visit), then who needs attention, then every patient of the
 * clinic with the state of their diary and care.
 *
 * All of it comes from one request, GET /api/v1/today, whatever the size
 * of the clinic: the server reads the clinic's records a table at a time
 * and answers the appointments, the attention groups (most urgent first,
 * each item with its words) and the patients' rows (uncleared emergency
 * then urgent red flags first) as the page shows them.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const msg = $('msg');
	let s;
	try {
		s = await BR.requireSession('practitioner');
	} catch (e) {
		BR.say(msg, 'bad', e.message);
		return;
	}
	$('today-date').textContent = BR.fmtLongDate(s.today);

	let today;
	try {
		today = await BR.api('GET', '/api/v1/today');
	} catch (e) {
		for (const id of ['appointments', 'attention']) {
			BR.clear($(id)).removeAttribute('aria-busy');
			$(id).append(BR.el('p', { class: 'muted', text: 'Not loaded.' }));
		}
		BR.say(msg, 'bad', e.message);
		return;
	}
	const rows = today.patients;

	function patientLink(p, hash) {
		return BR.el('a', { href: '/practice/patient?id=' + p.id + (hash || ''), text: p.name });
	}

	/* Appointments today, in time order. */
	const appt = BR.clear($('appointments'));
	appt.removeAttribute('aria-busy');
	$('appointments-h').textContent = 'Appointments today (' + today.appointments.length + ')';
	if (!today.appointments.length)
		appt.append(BR.el('p', { class: 'muted', text: 'No visits booked for today.' }));
	else
		appt.append(BR.el('ol', { class: 'appointments', id: 'appointment-list' }, today.appointments.map((v) => {
			const form = '/practice/session?episode=' + v.episode_id + '&visit=' + v.id;
			return BR.el('li', { 'data-visit': String(v.id) },
				BR.el('span', { class: 'time', text: v.time + '–' + v.end }), ' ',
				patientLink({ id: v.patient_id, name: v.patient_name }), ' ',
				BR.el('span', { class: 'badge', text: v.where === 'home' ? 'home visit' : 'clinic' }), ' ',
				BR.el('span', { class: 'small due', text: v.due.length ? 'Due: ' + v.due.join('; ') : 'Nothing else due' }), ' ',
				v.session_id ? BR.el('span', { class: 'badge ok', text: 'charted' })
					: BR.el('a', { class: 'button small-button', href: form,
						'aria-label': 'Chart the session of ' + v.time + ' with ' + v.patient_name, text: 'Chart the session' }));
		})));

	/* Needs attention: each group with its count, most urgent first; a
	 * long group shows its first few and a button for the rest. */
	const FEW = 5;
	const att = BR.clear($('attention'));
	att.removeAttribute('aria-busy');
	let any = false;
	for (const g of today.attention) {
		const items = g.items;
		att.append(BR.el('h3', { text: g.title + ' (' + items.length + ')' }));
		if (!items.length) {
			att.append(BR.el('p', { class: 'muted', text: 'Nobody.' }));
			continue;
		}
		any = true;
		const lis = items.map((it, i) => BR.el('li', { hidden: i >= FEW },
			patientLink({ id: it.patient_id, name: it.name }, it.link), ' ',
			BR.el('span', { class: 'badge ' + it.badge.tone, text: it.badge.text }), ' ',
			BR.el('span', { class: 'muted small', text: it.why })));
		att.append(BR.el('ul', { 'data-source': g.title, 'data-group': g.group }, lis));
		if (items.length > FEW) {
			const more = BR.el('button', { type: 'button', class: 'small-button show-all', 'data-source': g.title,
				'aria-expanded': 'false', text: 'Show all ' + items.length });
			more.addEventListener('click', () => {
				const open = more.getAttribute('aria-expanded') !== 'true';
				lis.forEach((li, i) => { li.hidden = !open && i >= FEW; });
				more.setAttribute('aria-expanded', String(open));
				more.textContent = open ? 'Show the first ' + FEW : 'Show all ' + items.length;
			});
			att.append(more);
		}
	}
	if (!any)
		att.prepend(BR.el('p', { text: 'Nobody needs attention right now.' }));

	/* Figures for the clinic. */
	const figs = $('figures');
	const fig = (big, what) => figs.append(BR.el('div', { class: 'figure' },
		BR.el('span', { class: 'big', text: big }), BR.el('span', { class: 'what', text: what })));
	const f = today.figures;
	fig(String(f.patients), 'patients');
	fig(String(f.open_episodes), 'in an open episode');
	fig(f.diary_this_week + ' of ' + f.open_episodes, 'wrote their diary this week');

	/* Every patient. */
	const tbody = $('patients').tBodies[0];
	function render(filter) {
		BR.clear(tbody);
		const q = (filter || '').trim().toLowerCase();
		for (const r of rows) {
			if (q && !r.name.toLowerCase().includes(q) &&
				!(r.ref || '').toLowerCase().includes(q))
				continue;
			renderRow(r);
		}
		if (!tbody.rows.length)
			tbody.append(BR.el('tr', {}, BR.el('td', { colspan: '7', class: 'muted',
				text: rows.length ? 'No patient matches.' : 'No patients yet: add one with New patient.' })));
	}
	function redFlags(sc) {
		if (!sc)
			return '—';
		if (sc.waiting)
			return BR.el('span', { class: 'badge ' + (sc.waiting.tier === 'emergency' ? 'bad' : 'warn'),
				text: sc.waiting.tier + ', not cleared' });
		if (sc.last)
			return (sc.last.cleared ? 'cleared' : 'none') + ', ' + BR.fmtDate(sc.last.date);
		return BR.el('span', { class: 'badge warn', text: 'not screened' });
	}
	function renderRow(r) {
		const ep = r.episode;
		tbody.append(BR.el('tr', {},
			BR.el('th', { scope: 'row' }, patientLink(r),
				r.ref ? BR.el('span', { class: 'muted small', text: ' ' + r.ref }) : null),
			BR.el('td', {}, redFlags(r.screening)),
			BR.el('td', { text: !ep ? 'none' : ep.status !== 'open' ? 'closed'
				: ep.phase + ', ' + Math.floor(ep.duration_weeks) + ' weeks' }),
			BR.el('td', { class: 'num', text: r.diary.days + ' of 7' }),
			BR.el('td', { class: 'num', text: BR.num(r.diary.pain) }),
			BR.el('td', { class: 'num', text: String(r.sessions.count) }),
			BR.el('td', { text: r.sessions.last ? BR.fmtDate(r.sessions.last) : '—' })));
	}
	render('');

	/* The search box asks the server (GET /api/v1/patients?q=: a word of
	 * the name, the reference or the birth date, over the whole clinic),
	 * when the server's API description says the route takes q; until
	 * then, and while the answer is on its way, the loaded list is
	 * filtered here. */
	let searchable;
	async function canSearch() {
		if (searchable === undefined) {
			try {
				const doc = await BR.api('GET', '/api/v1/openapi.json');
				const get = doc.paths && doc.paths['/api/v1/patients'] && doc.paths['/api/v1/patients'].get;
				searchable = !!(get && (get.parameters || []).some((x) => x.name === 'q' && x.in === 'query'));
			} catch (e) {
				searchable = false;
			}
		}
		return searchable;
	}
	let asked = 0;
	let timer = null;
	$('filter').addEventListener('input', (e) => {
		const q = e.target.value.trim();
		render(q);
		clearTimeout(timer);
		if (!q)
			return;
		timer = setTimeout(async () => {
			const ticket = ++asked;
			if (!(await canSearch()))
				return;
			let found;
			try {
				found = await BR.api('GET', '/api/v1/patients?q=' + encodeURIComponent(q) + '&limit=50');
			} catch (err) {
				BR.say($('search-msg'), 'bad', err.message);
				return;
			}
			if (ticket !== asked)
				return;
			BR.say($('search-msg'), '', '');
			renderFound(Array.isArray(found) ? found : found.patients || []);
		}, 250);
	});

	/* The server's matches: the rows of patients already listed, and a
	 * plain row (name and reference) for each one that is not. */
	function renderFound(found) {
		BR.clear(tbody);
		const ids = new Set(found.map((p) => p.id));
		const shown = new Set();
		for (const r of rows)
			if (ids.has(r.id)) {
				shown.add(r.id);
				renderRow(r);
			}
		for (const p of found)
			if (!shown.has(p.id))
				tbody.append(BR.el('tr', { 'data-found': 'server' },
					BR.el('th', { scope: 'row' }, patientLink(p),
						p.ref ? BR.el('span', { class: 'muted small', text: ' ' + p.ref }) : null),
					BR.el('td', { colspan: '6', class: 'muted', text: 'open the chart for details' })));
		if (!tbody.rows.length)
			tbody.append(BR.el('tr', {}, BR.el('td', { colspan: '7', class: 'muted', text: 'No patient matches.' })));
	}
})();
