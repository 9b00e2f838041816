/*
 * today.js - the practitioner's Today page: the day's appointments in
 * time order (what is due at each, one click to the session form filled
 * for that visit), then who needs attention, then every patient of the
 * clinic with the state of their diary and care.
 *
 * The appointments are each open episode's visits of the day (GET
 * /api/v1/episodes/{id}/visits?from=&to=).
 * Each patient's figures come from GET /api/v1/patients/{id}/summary
 * (one call per patient, a few at a time); the red-flag status of each
 * open episode from GET /api/v1/episodes/{id}/safety-net.  Patients with
 * an uncleared urgent or emergency screen come first, everywhere; then
 * trial reviews due, the non-responders (GET /api/v1/episodes/{id}/outcome
 * of each open episode past the trial's sessions) and the rest of what
 * GET /api/v1/due lists.
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
	const today = s.today;
	/* Sessions after which a course is judged: the default trial
	 * (PLAN.md; the cohort's trial checkpoint is the same). */
	const TRIAL_SESSIONS = 4;
	$('today-date').textContent = BR.fmtLongDate(today);

	let patients = [];
	try {
		/* The list comes a page at a time: follow its cursor. */
		let page = {next: null};
		do {
			page = await BR.api('GET', '/api/v1/patients?limit=1000' +
				(page.next ? '&after=' + page.next : ''));
			patients = patients.concat(page.patients);
		} while (page.next);
	} catch (e) {
		BR.say(msg, 'bad', e.message);
		return;
	}
	const summaries = await BR.pool(patients, 4, (p) =>
		BR.api('GET', '/api/v1/patients/' + p.id + '/summary'));
	const rows = patients.map((p, i) => ({
		patient: p,
		summary: summaries[i] instanceof Error ? null : summaries[i],
	}));
	const open = rows.filter((r) => r.summary && r.summary.episode &&
		r.summary.episode.status === 'open');
	/* What is due today, per patient of the clinic (GET /due). */
	let due = null;
	try {
		due = await BR.api('GET', '/api/v1/due');
	} catch (e) {
		due = null;
	}
	const byId = new Map(rows.map((r) => [r.patient.id, r]));
	const statuses = await BR.pool(open, 4, (r) =>
		BR.api('GET', '/api/v1/episodes/' + r.summary.episode.id + '/safety-net'));
	open.forEach((r, i) => {
		r.screening = statuses[i] instanceof Error ? null : statuses[i];
	});
	/* The outcome of each open episode past the trial's sessions (GET
	 * /episodes/{id}/outcome): the non-responders. */
	const treated = open.filter((r) => r.summary.sessions.count >= TRIAL_SESSIONS);
	const outcomes = await BR.pool(treated, 4, (r) =>
		BR.api('GET', '/api/v1/episodes/' + r.summary.episode.id + '/outcome'));
	treated.forEach((r, i) => {
		r.outcome = outcomes[i] instanceof Error ? null : outcomes[i];
	});
	/* The day's visits of each open episode. */
	const dayVisits = await BR.pool(open, 4, (r) =>
		BR.api('GET', '/api/v1/episodes/' + r.summary.episode.id + '/visits?from=' + today + '&to=' + today));
	const appointments = [];
	open.forEach((r, i) => {
		if (!(dayVisits[i] instanceof Error))
			for (const v of dayVisits[i])
				if (v.status !== 'cancelled')
					appointments.push({ row: r, visit: v });
	});
	appointments.sort((a, b) => (a.visit.time < b.visit.time ? -1 : a.visit.time > b.visit.time ? 1 : 0));

	/* Emergency first, then urgent, then everyone else as listed. */
	const flagRank = (r) => (r.screening && r.screening.waiting
		? (r.screening.waiting.tier === 'emergency' ? 0 : 1) : 2);
	rows.sort((a, b) => flagRank(a) - flagRank(b));

	/*
	 * Sources of "needs attention", most urgent first.  Each returns a
	 * list of {row, why, badge: [kind, words], link} or null while the feature
	 * behind it has not landed (then it is not shown).  Red flags (from
	 * the red-flag screen), trial reviews due (from the review rules) and
	 * non-responders (from outcome classification) plug in here with a
	 * call to their API.
	 */
	const SOURCES = [
		{ title: 'Red flags', find: redFlags },
		{ title: 'Trial reviews due', find: trialReviews },
		{ title: 'Not responding', find: nonResponders },
		{ title: 'Due today', find: dueToday },
		{ title: 'Diary missing', find: missingDiaries },
	];

	/* Items of GET /due of the given kinds, per patient. */
	function dueOf(kinds) {
		if (!due)
			return null;
		return due.patients.map((p) => ({ p, items: p.due.filter((d) => kinds.includes(d.kind)) }))
			.filter((x) => x.items.length && byId.has(x.p.patient_id));
	}

	/* Courses whose sessions reached the trial checkpoint. */
	function trialReviews() {
		const list = dueOf(['trial-checkpoint']);
		return list && list.map(({ p, items }) => ({
			row: byId.get(p.patient_id),
			why: items.map((d) => String(d.treatment).replace(/-/g, ' ') + ': ' + d.sessions + ' sessions, checkpoint at ' + d.trial).join('; '),
			badge: ['warn', 'review the course'],
			link: '#plan',
		}));
	}

	/* Open episodes past the trial whose diary pain, the latest week
	 * against the baseline week, changed by less than the minimal
	 * important change (the outcome's responder flags, both false).  An
	 * episode whose change cannot be assessed (a week with too few days,
	 * or pain at the floor) is not listed: missing diaries have their own
	 * list. */
	function nonResponders() {
		return treated.filter((r) => {
			const pain = r.outcome && r.outcome.diary.figures.find((f) => f.figure === 'pain');
			const c = pain && pain.change;
			return c && !c.cannot_assess && c.responder_points === false && c.responder_percent === false;
		}).map((r) => {
			const pain = r.outcome.diary.figures.find((f) => f.figure === 'pain');
			return {
				row: r,
				why: 'Diary pain ' + BR.num(pain.latest.mean) + ' from ' + BR.num(pain.baseline.mean) +
					' after ' + r.outcome.sessions + ' sessions' + (pain.mcid ? ': less than ' +
					pain.mcid.points + ' points and ' + pain.mcid.percent + ' % better' : ''),
				badge: ['warn', 'not responding'],
				link: '#outcome',
			};
		});
	}

	/* What else is due: red-flag re-screens, questionnaires, exercises,
	 * pacing quotas (red flags, trial reviews and the diary have their
	 * own lists). */
	const DUE_WORDS = { 'red-flag-screen': 're-screen red flags', questionnaire: 'questionnaires',
		exercise: 'exercises', pacing: 'pacing' };
	function dueToday() {
		const list = dueOf(Object.keys(DUE_WORDS));
		return list && list.map(({ p, items }) => {
			const kinds = [...new Set(items.map((d) => d.kind))];
			return {
				row: byId.get(p.patient_id),
				why: items.map((d) => d.what).join('; '),
				badge: [kinds.includes('red-flag-screen') ? 'warn' : 'ok', kinds.map((k) => DUE_WORDS[k]).join(', ')],
			};
		});
	}

	/* Open episodes with an urgent or emergency screen not yet cleared. */
	function redFlags() {
		return rows.filter((r) => flagRank(r) < 2).map((r) => {
			const w = r.screening.waiting;
			return {
				row: r,
				why: 'Screen of ' + BR.fmtDate(w.date) + ': ' + w.referral + '; no session until cleared',
				badge: [w.tier === 'emergency' ? 'bad' : 'warn', w.tier + ' red flag'],
			};
		});
	}

	/* Open episodes whose diary has fewer than 4 of the last 7 days. */
	function missingDiaries() {
		return open
			.filter((r) => r.summary.diary.last_7_days.diary_days < 4)
			.sort((a, b) => a.summary.diary.last_7_days.diary_days -
				b.summary.diary.last_7_days.diary_days)
			.map((r) => {
				const n = r.summary.diary.last_7_days.diary_days;
				return {
					row: r,
					why: n === 0 ? 'No diary entries in the last 7 days'
						: 'Diary on only ' + n + ' of the last 7 days',
					badge: n === 0 ? ['bad', 'none in 7 days'] : ['warn', n + ' of 7 days'],
				};
			});
	}

	function patientLink(p, hash) {
		return BR.el('a', { href: '/practice/patient?id=' + p.id + (hash || ''), text: p.name });
	}

	/* What is due at a visit: the patient's due items (questionnaires,
	 * the trial review, a red-flag re-screen, exercises, pacing) and an
	 * unread check-in, in words. */
	const VISIT_DUE = { questionnaire: null, 'trial-checkpoint': 'trial review', 'red-flag-screen': 're-screen red flags',
		checkin: 'check-in to read', exercise: 'exercise review', pacing: 'pacing review' };
	function dueAtVisit(r) {
		const p = due && due.patients.find((x) => x.patient_id === r.patient.id);
		if (!p)
			return [];
		return p.due.filter((d) => d.kind in VISIT_DUE).map((d) => (d.kind === 'questionnaire' ? d.what : VISIT_DUE[d.kind]));
	}

	/* Appointments today, in time order. */
	const appt = BR.clear($('appointments'));
	appt.removeAttribute('aria-busy');
	$('appointments-h').textContent = 'Appointments today (' + appointments.length + ')';
	if (!appointments.length)
		appt.append(BR.el('p', { class: 'muted', text: 'No visits booked for today.' }));
	else
		appt.append(BR.el('ol', { class: 'appointments', id: 'appointment-list' }, appointments.map(({ row, visit: v }) => {
			const what = dueAtVisit(row);
			const form = '/practice/session?episode=' + v.episode_id + '&visit=' + v.id;
			return BR.el('li', { 'data-visit': String(v.id) },
				BR.el('span', { class: 'time', text: v.time + '–' + v.end }), ' ',
				patientLink(row.patient), ' ',
				BR.el('span', { class: 'badge', text: v.where === 'home' ? 'home visit' : 'clinic' }), ' ',
				BR.el('span', { class: 'small due', text: what.length ? 'Due: ' + what.join('; ') : 'Nothing else due' }), ' ',
				v.session_id ? BR.el('span', { class: 'badge ok', text: 'charted' })
					: BR.el('a', { class: 'button small-button', href: form,
						'aria-label': 'Chart the session of ' + v.time + ' with ' + row.patient.name, text: 'Chart the session' }));
		})));

	/* Needs attention: each group with its count; a long group shows its
	 * first few and a button for the rest. */
	const FEW = 5;
	const att = BR.clear($('attention'));
	att.removeAttribute('aria-busy');
	let any = false;
	for (const src of SOURCES) {
		const items = src.find();
		if (items === null)
			continue;
		const h = BR.el('h3', { text: src.title + ' (' + items.length + ')' });
		att.append(h);
		if (!items.length) {
			att.append(BR.el('p', { class: 'muted', text: 'Nobody.' }));
			continue;
		}
		any = true;
		const lis = items.map((it, i) => BR.el('li', { hidden: i >= FEW },
			patientLink(it.row.patient, it.link), ' ',
			BR.el('span', { class: 'badge ' + it.badge[0], text: it.badge[1] }), ' ',
			BR.el('span', { class: 'muted small', text: it.why })));
		const ul = BR.el('ul', { 'data-source': src.title }, lis);
		att.append(ul);
		if (items.length > FEW) {
			const more = BR.el('button', { type: 'button', class: 'small-button show-all', 'data-source': src.title,
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
	const diaryActive = open.filter((r) => r.summary.diary.last_7_days.diary_days > 0).length;
	fig(String(patients.length), 'patients');
	fig(String(open.length), 'in an open episode');
	fig(diaryActive + ' of ' + open.length, 'wrote their diary this week');

	/* Every patient. */
	const tbody = $('patients').tBodies[0];
	function render(filter) {
		BR.clear(tbody);
		const f = (filter || '').trim().toLowerCase();
		for (const r of rows) {
			const p = r.patient;
			if (f && !p.name.toLowerCase().includes(f) &&
				!(p.ref || '').toLowerCase().includes(f))
				continue;
			renderRow(r);
		}
		if (!tbody.rows.length)
			tbody.append(BR.el('tr', {}, BR.el('td', { colspan: '7', class: 'muted',
				text: patients.length ? 'No patient matches.' : 'No patients yet: add one with New patient.' })));
	}
	function renderRow(r) {
		{
			const p = r.patient, sm = r.summary;
			const ep = sm && sm.episode;
			const last7 = sm ? sm.diary.last_7_days : null;
			const sc = r.screening;
			tbody.append(BR.el('tr', {},
				BR.el('th', { scope: 'row' }, patientLink(p),
					p.ref ? BR.el('span', { class: 'muted small', text: ' ' + p.ref }) : null),
				BR.el('td', {}, !sc ? '—' : sc.waiting ? BR.el('span', {
					class: 'badge ' + (sc.waiting.tier === 'emergency' ? 'bad' : 'warn'),
					text: sc.waiting.tier + ', not cleared' }) : sc.last ? (sc.last.cleared ? 'cleared' : 'none') +
					', ' + BR.fmtDate(sc.last.date) : BR.el('span', { class: 'badge warn', text: 'not screened' })),
				BR.el('td', { text: !ep ? 'none' : ep.status !== 'open' ? 'closed'
					: ep.phase.cochrane + ', ' + Math.floor(ep.duration_weeks) + ' weeks' }),
				BR.el('td', { class: 'num', text: last7 ? last7.diary_days + ' of 7' : '—' }),
				BR.el('td', { class: 'num', text: last7 ? BR.num(last7.pain.mean) : '—' }),
				BR.el('td', { class: 'num', text: sm ? sm.sessions.count : '—' }),
				BR.el('td', { text: sm && sm.sessions.last ? BR.fmtDate(sm.sessions.last.date) : '—' })));
		}
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
			if (ids.has(r.patient.id)) {
				shown.add(r.patient.id);
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
	if (summaries.some((x) => x instanceof Error))
		BR.say(msg, 'bad', 'Some patients could not be loaded; reload the page to try again.');
})();
