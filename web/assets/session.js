/*
 * session.js - the session form: modality, points (the common back and
 * sleep points of data/charting.json, via GET /api/v1/charting, with
 * their side), needling, electroacupuncture, cupping, moxibustion and
 * massage details, pain before and after, adverse events.  The last
 * session of the episode pre-fills everything but the day's own facts
 * (date, pain, adverse events, notes).  Only the sections of the ticked
 * modalities are shown and sent, as the server refuses details of a
 * modality that was not given.
 *
 * Point templates (GET/POST /api/v1/point-templates): "Apply template"
 * sets the points, with their sides, and the template's retention in
 * place of what is there (the last session's, when pre-filled); "Save
 * these points as a template" saves the points as the form would send
 * them, under a name, shared with the clinic when ticked.  The caller's
 * own templates can be removed here, and one saved under a name already
 * taken can replace the old one; a colleague's shared template is only
 * applied.
 *
 * Red flags: an uncleared urgent or emergency screen blocks the form
 * (GET /api/v1/episodes/{id}/safety-net) until a clinician clears it here
 * with a reason; every session answers the re-screen question ("flags":
 * none, or the flags found, which records the screen and refuses the
 * session with 409 naming the referral).  The TCM panel starts from the
 * episode's last assessment (GET .../tcm/last) and is saved after the
 * session (POST .../sessions/{id}/tcm with "from_last"); so is a herbal
 * prescription (POST .../herbal).  When a later step fails, the session
 * is kept and Save retries only what is left.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const form = $('session');
	const msg = $('msg');
	const loadMsg = $('load-msg');
	const episodeId = BR.idParam('episode');
	let s;
	try {
		s = await BR.requireSession('practitioner');
	} catch (e) {
		BR.say(loadMsg, 'bad', e.message);
		return;
	}
	if (!episodeId) {
		BR.say(loadMsg, 'bad', 'No episode was chosen: open the patient\'s chart and use "Chart a session".');
		form.hidden = true;
		return;
	}
	let episode, patient, past, vocab, status, flags, tcmVocab, tcmLast, herbVocab, herbs;
	const epUrl = '/api/v1/episodes/' + episodeId;
	try {
		[episode, past, vocab, status, flags, tcmVocab, tcmLast, herbVocab, herbs] = await Promise.all([
			BR.api('GET', epUrl),
			BR.api('GET', epUrl + '/sessions'),
			BR.api('GET', '/api/v1/charting'),
			BR.api('GET', epUrl + '/safety-net'),
			BR.api('GET', '/api/v1/red-flags'),
			BR.api('GET', '/api/v1/tcm/vocabulary'),
			BR.api('GET', epUrl + '/tcm/last'),
			BR.api('GET', '/api/v1/herbal/vocabulary'),
			BR.api('GET', epUrl + '/herbal'),
		]);
		patient = await BR.api('GET', '/api/v1/patients/' + episode.patient_id);
	} catch (e) {
		BR.say(loadMsg, 'bad', e.status === 404 ? 'This episode does not exist or is not in your clinic.' : e.message);
		form.hidden = true;
		return;
	}
	const chartUrl = '/practice/patient?id=' + patient.id;
	$('cancel').href = chartUrl;
	$('who').textContent = patient.name + ' · ' + episode.region.replace('-', ' ') + ' pain, ' +
		episode.phase.cochrane + ' (' + Math.floor(episode.duration_weeks) + ' weeks) · session ' +
		(past.length + 1);
	if (episode.status !== 'open') {
		BR.say(loadMsg, 'bad', 'This episode is closed: open a new episode to chart more sessions.');
		form.hidden = true;
		return;
	}
	form.date.value = s.today;
	form.date.max = s.today;
	form.date.min = episode.onset;

	/* Opened from an appointment (Today's "Chart the session"): the form
	 * is for that visit, its day, and the session is charted at it. */
	let visit = null;
	const visitId = BR.idParam('visit');
	if (visitId) {
		try {
			const list = await BR.api('GET', epUrl + '/visits');
			visit = list.find((v) => String(v.id) === String(visitId)) || null;
		} catch (e) {
			visit = null;
		}
		if (visit) {
			if (visit.date <= s.today)
				form.date.value = visit.date;
			$('who').textContent += ' · visit ' + visit.time + '–' + visit.end + ', ' +
				(visit.where === 'home' ? 'home visit' : 'clinic');
			$('who').dataset.visit = String(visit.id);
		}
	}

	/* Red flags: the block, its clearance, the re-screen ----------------- */
	const blocked = $('blocked');
	function showBlock(why, server) {
		blocked.hidden = false;
		$('blocked-why').textContent = why;
		$('blocked-server').textContent = server || '';
		$('blocked-net').textContent = 'Tell the patient: ' + status.safety_net;
		for (const f of form.querySelectorAll('fieldset, .card > button, button[type="submit"]'))
			f.disabled = true;
		form.classList.add('is-blocked');
		blocked.focus();
	}
	function blockFromStatus(server) {
		const w = status.waiting;
		showBlock('The ' + w.tier + ' red-flag screen of ' + BR.fmtDate(w.date, { year: 'numeric' }) +
			' is not cleared: ' + w.referral + '.', server);
	}
	function unblock() {
		blocked.hidden = true;
		form.classList.remove('is-blocked');
		for (const f of form.querySelectorAll('fieldset, button[type="submit"]'))
			f.disabled = false;
		sync();
	}
	$('clear-form').addEventListener('submit', async (e) => {
		e.preventDefault();
		const cf = e.target;
		const box = $('clear-msg');
		if (!cf.reason.value.trim()) {
			BR.showError(box, cf, new BR.ApiError(0, 'invalid', 'Give the reason for clearing the screen.', 'reason'));
			return;
		}
		try {
			await BR.api('POST', epUrl + '/screens/clear', { reason: cf.reason.value.trim() });
			status = await BR.api('GET', epUrl + '/safety-net');
			cf.reason.value = '';
			BR.say(box, '', '');
			rescreen.reset();
			unblock();
			BR.say(msg, 'ok', 'The screen is cleared. Answer the re-screen question for today and save the session.');
		} catch (err) {
			BR.showError(box, cf, err);
		}
	});
	const rescreen = BR.flagChecklist(flags, {
		prefix: 'rs',
		legend: 'Re-screen: any red flags since the last visit?',
		noneLabel: 'No new red flags',
		someLabel: 'Yes, red flags found',
		hint: 'Ask about each sign today. A red flag records the screen and stops the session: the patient is referred first.',
	});
	$('rescreen-box').append(rescreen.node);

	/* TCM ----------------------------------------------------------------- */
	const tcm = BR.tcmPanel(tcmVocab);
	const lastTcm = tcmLast.assessment;
	$('tcm-box').append(tcm.node);
	const tcmOn = $('tcm-on');
	const syncTcm = () => {
		$('tcm-box').hidden = !tcmOn.checked;
	};
	tcmOn.addEventListener('change', syncTcm);
	if (lastTcm) {
		tcm.fill(lastTcm);
		tcmOn.checked = true;
		const n = $('tcm-prefill');
		n.hidden = false;
		n.textContent = 'Filled in from the assessment of ' + BR.fmtDate(lastTcm.date, { year: 'numeric' }) +
			': change what is different today.';
	}
	syncTcm();

	/* Herbal ---------------------------------------------------------------- */
	const hb = $('herbal');
	hb.elements.form.append(BR.el('option', { value: '', text: 'Choose the form' }),
		...herbVocab.fixed.form.map((f) => BR.el('option', { value: f, text: f })));
	const current = herbs.filter((x) => x.status === 'current');
	for (const x of current)
		$('herbal-current').append(BR.el('li', { text: 'Current: ' +
			[x.formula.pinyin, x.formula.english].filter(Boolean).join(' / ') + ', ' + x.form + ', ' + x.dose }));
	const HB_KEYS = ['pinyin', 'chinese', 'english', 'form', 'dose', 'duration', 'instructions',
		'modifications', 'pharmacy'];
	function herbalBody() {
		const b = {};
		for (const k of HB_KEYS) {
			const v = hb.elements[k].value.trim();
			if (v)
				b[k] = v;
		}
		return Object.keys(b).length ? b : null;
	}

	/* Point picker ------------------------------------------------------ */
	const midline = (id) => /^(GV|CV)\d/.test(id);
	const GROUPS = { back: 'Back', sleep: 'Sleep', general: 'General' };
	const common = new Map();
	for (const [use, title] of Object.entries(GROUPS)) {
		const box = $('points-' + use);
		const pts = vocab.common.filter((p) => p.use === use);
		if (!pts.length)
			continue;
		const grid = BR.el('div', { class: 'points' });
		for (const p of pts) {
			const cb = BR.el('input', { type: 'checkbox', id: 'pt-' + p.id, value: p.id });
			const side = midline(p.id) ? null : BR.el('select', { 'aria-label': 'Side of ' + p.id },
				BR.el('option', { value: 'B', text: 'both' }),
				BR.el('option', { value: 'L', text: 'left' }),
				BR.el('option', { value: 'R', text: 'right' }));
			common.set(p.id, { cb, side });
			grid.append(BR.el('div', { class: 'point' },
				BR.el('label', { for: 'pt-' + p.id }, cb, p.id,
					BR.el('span', { class: 'pinyin', text: p.pinyin })),
				side || BR.el('span', { class: 'muted small', text: 'midline' })));
		}
		/* h2: the form's sections are h2 under its h1 (a fieldset's
		 * legend is not a heading). */
		box.append(BR.el('h2', { class: 'minor', text: title }), grid);
	}

	/* The body map: tap a point on its side to tick it (a second side
	 * makes it "both", a tap on a chosen side takes that side off); the
	 * list stays the picker for the keyboard and screen readers, and the
	 * map follows it. */
	const SIDE_WORD = { B: 'both', L: 'left', R: 'right' };
	const chosen = () => [...common].filter(([, c]) => c.cb.checked)
		.map(([point, c]) => ({ point, side: c.side ? SIDE_WORD[c.side.value] : 'midline' }));
	const map = BR.bodyMap({
		onTap(point, side) {
			const c = common.get(point);
			if (!c)
				return;
			const tapped = side === 'left' ? 'L' : side === 'right' ? 'R' : null;
			if (!c.side || !tapped) {
				c.cb.checked = !c.cb.checked;
			} else if (!c.cb.checked) {
				c.cb.checked = true;
				c.side.value = tapped;
			} else if (c.side.value === 'B') {
				c.side.value = tapped === 'L' ? 'R' : 'L';
			} else if (c.side.value === tapped) {
				c.cb.checked = false;
				c.side.value = 'B';
			} else {
				c.side.value = 'B';
			}
			c.cb.dispatchEvent(new Event('change', { bubbles: true }));
		},
	});
	const syncMap = () => map.show(chosen());
	$('points-box').addEventListener('change', syncMap);
	$('points-back').before(BR.el('div', { class: 'bodymap-wrap', id: 'bodymap' }, map.node,
		BR.el('p', { class: 'hint', text: 'Or tap a point on the body map (seen from behind: the patient\'s left ' +
			'on the left); tap the other side too for both sides, tap again to take it off.' })));
	syncMap();

	/* Checkbox lists from the vocabulary. */
	function checks(boxId, name, words) {
		const box = $(boxId);
		for (const w of words)
			box.append(BR.el('label', { class: 'check' },
				BR.el('input', { type: 'checkbox', name, value: w }), w.replace(/-/g, ' ')));
	}
	checks('regions-list', 'region', vocab.regions);
	checks('adverse-list', 'adverse', vocab.adverse_events);
	const none = $('adverse-none');
	form.addEventListener('change', (e) => {
		if (e.target === none && none.checked)
			for (const c of form.querySelectorAll('input[name="adverse"]'))
				c.checked = false;
		if (e.target.name === 'adverse' && e.target.checked)
			none.checked = false;
	});

	/* Sections follow the ticked modalities. */
	function modalities() {
		return [...form.querySelectorAll('input[name="modality"]:checked')].map((c) => c.value);
	}
	function sync() {
		const m = modalities();
		for (const n of form.querySelectorAll('[data-needs]')) {
			const on = n.dataset.needs.split(' ').some((x) => m.includes(x));
			n.hidden = !on;
			if (n.tagName === 'FIELDSET')
				n.disabled = !on;
		}
		/* Electroacupuncture means electrical stimulation. */
		if (m.includes('electroacupuncture') && !form.stimulation.value)
			form.stimulation.value = 'electrical';
	}
	form.addEventListener('change', (e) => {
		if (e.target.name === 'modality')
			sync();
	});

	/* Pre-fill from the last session ------------------------------------ */
	const last = past.length ? past[past.length - 1] : null;
	function setCheck(name, values) {
		for (const c of form.querySelectorAll('input[name="' + name + '"]'))
			c.checked = values.includes(c.value);
	}
	if (last) {
		setCheck('modality', last.modalities);
		const other = [];
		for (const p of last.points) {
			const c = common.get(p.point);
			const side = p.side === 'left' ? 'L' : p.side === 'right' ? 'R' : 'B';
			if (c) {
				c.cb.checked = true;
				if (c.side)
					c.side.value = side;
			} else {
				other.push(p.point + (side === 'B' || p.side === 'midline' ? '' : ':' + side));
			}
		}
		form.points_other.value = other.join(', ');
		syncMap();
		const copy = { minutes: last.minutes, needles: last.needles, depth_mm: last.depth_mm,
			needle_size: last.needle_size, stimulation: last.stimulation, position: last.position,
			cupping: last.cupping, moxa: last.moxa, massage: last.massage };
		const ea = last.electroacupuncture;
		if (ea)
			Object.assign(copy, { ea_hz: ea.hz, ea_waveform: ea.waveform, ea_minutes: ea.minutes, ea_ma: ea.ma });
		for (const [k, v] of Object.entries(copy))
			if (v !== null && v !== undefined)
				form.elements[k].value = String(v);
		form.deqi.checked = last.deqi === true;
		setCheck('region', last.regions);
		const note = $('prefill');
		note.hidden = false;
		note.textContent = 'Filled in from the last session (' + BR.fmtDate(last.date, { year: 'numeric' }) +
			'): change what was different today.';
	} else {
		setCheck('modality', ['acupuncture']);
	}
	sync();

	/* Point templates ---------------------------------------------------- */
	/* The points as the form sends them: "BL23", "BL25:L", then the other
	 * points as typed. */
	function pointsAsSent() {
		const pts = [];
		for (const [id, c] of common)
			if (c.cb.checked)
				pts.push(c.side && c.side.value !== 'B' ? id + ':' + c.side.value : id);
		for (const p of form.points_other.value.split(','))
			if (p.trim())
				pts.push(p.trim());
		return pts;
	}
	const tplChoice = $('tpl-choice');
	const tplMsg = $('tpl-msg');
	const saveMsg = $('tpl-save-msg');
	const tplName = $('tpl-name');
	let templates = [];
	const mine = (t) => t.practitioner_id === s.user.id;
	const chosenTemplate = () => templates.find((t) => String(t.id) === tplChoice.value) || null;
	function syncTemplateButtons() {
		const t = chosenTemplate();
		$('tpl-apply').disabled = !t;
		$('tpl-remove').disabled = !t || !mine(t);
	}
	function fillTemplates(keep) {
		BR.clear(tplChoice);
		tplChoice.append(BR.el('option', { value: '', text: templates.length ? 'Choose a template'
			: 'None saved yet' }));
		const own = templates.filter(mine), shared = templates.filter((t) => !mine(t));
		const option = (t) => BR.el('option', { value: String(t.id), text: t.name + ' (' +
			t.points.length + (t.points.length === 1 ? ' point' : ' points') +
			(t.minutes ? ', ' + t.minutes + ' min' : '') + ')' +
			(mine(t) ? (t.shared ? ', shared' : '') : ', from ' + (t.owner || 'a colleague')) });
		if (own.length)
			tplChoice.append(BR.el('optgroup', { label: 'My templates' }, ...own.map(option)));
		if (shared.length)
			tplChoice.append(BR.el('optgroup', { label: 'Shared in the clinic' }, ...shared.map(option)));
		tplChoice.value = keep && templates.some((t) => String(t.id) === String(keep)) ? String(keep) : '';
		syncTemplateButtons();
	}
	async function loadTemplates(keep) {
		try {
			templates = await BR.api('GET', '/api/v1/point-templates');
		} catch (e) {
			templates = [];
			BR.say(tplMsg, 'bad', 'The point templates could not be loaded: ' + e.message);
		}
		fillTemplates(keep);
	}
	tplChoice.addEventListener('change', syncTemplateButtons);
	/* A template replaces the points and sets its retention; the rest of
	 * the form (modalities ticked, the day's facts) stays. */
	function applyTemplate(t) {
		const other = [];
		for (const c of common.values()) {
			c.cb.checked = false;
			if (c.side)
				c.side.value = 'B';
		}
		for (const p of t.points) {
			const c = common.get(p.point);
			const side = p.side === 'left' ? 'L' : p.side === 'right' ? 'R' : 'B';
			if (c) {
				c.cb.checked = true;
				if (c.side)
					c.side.value = side;
			} else {
				other.push(p.point + (side === 'B' ? '' : ':' + side));
			}
		}
		form.points_other.value = other.join(', ');
		if (t.minutes)
			form.elements.minutes.value = String(t.minutes);
		if (!modalities().some((m) => m !== 'massage')) {
			form.querySelector('input[name="modality"][value="acupuncture"]').checked = true;
			sync();
		}
		syncMap();
		BR.say(tplMsg, 'ok', 'Applied "' + t.name + '": ' + t.points.length +
			(t.points.length === 1 ? ' point' : ' points') +
			(t.minutes ? ', retention ' + t.minutes + ' min' : '') + '. Change what is different today.');
	}
	$('tpl-apply').addEventListener('click', () => {
		const t = chosenTemplate();
		if (t)
			applyTemplate(t);
	});
	$('tpl-remove').addEventListener('click', async () => {
		const t = chosenTemplate();
		if (!t || !mine(t))
			return;
		try {
			await BR.api('DELETE', '/api/v1/point-templates/' + t.id);
			BR.say(tplMsg, 'ok', 'Removed the template "' + t.name + '".');
			await loadTemplates();
		} catch (e) {
			BR.say(tplMsg, 'bad', e.message);
		}
	});
	/* Saving: a name taken by one of the caller's own templates can
	 * replace it. */
	let replacing = null;
	function templateBody() {
		const body = { name: tplName.value.trim(), points: pointsAsSent(), shared: $('tpl-shared').checked };
		const min = form.elements.minutes.value.trim();
		if (min !== '')
			body.minutes = Number(min);
		return body;
	}
	function showSaveError(err) {
		for (const n of document.querySelectorAll('#tpl-save-box [aria-invalid], #points_other[aria-invalid], ' +
			'#minutes[aria-invalid]'))
			n.removeAttribute('aria-invalid');
		BR.say(saveMsg, 'bad', err.message);
		const at = { name: tplName, points: form.points_other, minutes: form.elements.minutes }[err.field];
		if (at)
			at.setAttribute('aria-invalid', 'true');
		(err.field === 'name' ? tplName : at || tplName).focus();
	}
	async function saveTemplate(replace) {
		const body = templateBody();
		if (!body.name) {
			showSaveError(new BR.ApiError(0, 'invalid', 'Give the template a name.', 'name'));
			return;
		}
		if (!body.points.length) {
			BR.say(saveMsg, 'bad', 'Tick the points to save first.');
			return;
		}
		$('tpl-replace').hidden = true;
		try {
			const t = replace
				? await BR.api('POST', '/api/v1/point-templates/' + replace.id, body)
				: await BR.api('POST', '/api/v1/point-templates', body);
			for (const n of document.querySelectorAll('#tpl-save-box [aria-invalid]'))
				n.removeAttribute('aria-invalid');
			BR.say(saveMsg, 'ok', (replace ? 'Replaced' : 'Saved') + ' the template "' + t.name + '" (' +
				t.points.length + (t.points.length === 1 ? ' point' : ' points') + ')' +
				(t.shared ? ', shared with your clinic' : '') + '.');
			replacing = null;
			await loadTemplates(t.id);
		} catch (err) {
			const same = err.status === 409 && err.field === 'name'
				? templates.find((t) => mine(t) && t.name === body.name) : null;
			showSaveError(err);
			if (same) {
				replacing = same;
				$('tpl-replace').hidden = false;
			}
		}
	}
	$('tpl-save').addEventListener('click', () => saveTemplate(null));
	$('tpl-replace').addEventListener('click', () => {
		if (replacing)
			saveTemplate(replacing);
	});
	/* Enter in the name saves the template, never the session. */
	tplName.addEventListener('keydown', (e) => {
		if (e.key === 'Enter') {
			e.preventDefault();
			saveTemplate(null);
		}
	});
	loadTemplates();

	/* Save ---------------------------------------------------------------- */
	function intField(name) {
		const v = form.elements[name].value.trim();
		return v === '' ? undefined : Number(v);
	}
	function textField(name) {
		const v = form.elements[name].value.trim();
		return v === '' ? undefined : v;
	}
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const m = modalities();
		if (!m.length) {
			BR.say(msg, 'bad', 'Tick at least one treatment given.');
			form.querySelector('input[name="modality"]').focus();
			return;
		}
		const body = { date: form.date.value, modality: m };
		const shown = (id) => !$(id).hidden;
		if (shown('points-box')) {
			const pts = pointsAsSent();
			if (pts.length)
				body.points = pts;
		}
		if (shown('needling-box')) {
			for (const k of ['minutes', 'needles', 'depth_mm'])
				body[k] = intField(k);
			body.needle_size = textField('needle_size');
			body.stimulation = textField('stimulation');
			if (form.deqi.checked)
				body.deqi = true;
		}
		if (shown('ea-box')) {
			body.ea_hz = textField('ea_hz');
			body.ea_waveform = textField('ea_waveform');
			body.ea_minutes = intField('ea_minutes');
			body.ea_ma = intField('ea_ma');
		}
		if (m.includes('cupping'))
			body.cupping = textField('cupping');
		if (m.includes('moxibustion'))
			body.moxa = textField('moxa');
		if (m.includes('massage'))
			body.massage = textField('massage');
		if (shown('other-box')) {
			const r = [...form.querySelectorAll('input[name="region"]:checked')].map((c) => c.value);
			if (r.length)
				body.regions = r;
		}
		body.position = textField('position');
		body.pain_before = intField('pain_before');
		body.pain_after = intField('pain_after');
		const adverse = [...form.querySelectorAll('input[name="adverse"]:checked')].map((c) => c.value);
		if (adverse.length)
			body.adverse = adverse;
		body.note = textField('note');
		for (const k of Object.keys(body))
			if (body[k] === undefined)
				delete body[k];
		const answer = rescreen.value();
		if (answer === null || (Array.isArray(answer) && !answer.length)) {
			BR.say(msg, 'bad', answer === null
				? 'Answer the re-screen question: no new red flags, or tick the ones found.'
				: 'Tick the red flags found, or choose "No new red flags".');
			rescreen.focus();
			return;
		}
		body.flags = answer;
		if (visit && !visit.session_id)
			body.visit_id = visit.id;
		const buttons = form.querySelectorAll('.actions button[type="submit"]');
		const signing = !!(e.submitter && e.submitter.name === 'sign');
		for (const b of buttons)
			b.disabled = true;
		BR.say(msg, '', '');
		let step = 'session';
		try {
			if (!saved.session)
				saved.session = await BR.api('POST', epUrl + '/sessions', body);
			const sid = saved.session.id;
			step = 'tcm';
			if (!saved.tcm && tcmOn.checked && tcm.hasFindings())
				saved.tcm = await BR.api('POST', epUrl + '/sessions/' + sid + '/tcm', tcm.collect(lastTcm));
			step = 'herbal';
			const hbody = herbalBody();
			if (!saved.herbal && hbody)
				saved.herbal = await BR.api('POST', epUrl + '/herbal',
					Object.assign(hbody, { session_id: sid, date: saved.session.date }));
			step = 'sign';
			if (signing && !saved.signed) {
				await BR.api('POST', '/api/v1/patients/' + episode.patient_id + '/sessions/' + sid + '/sign');
				saved.signed = true;
			}
			location.assign(chartUrl + '#sessions');
		} catch (err) {
			if (err.status === 409 && (err.field === 'flags' || /red-flag/.test(err.message))) {
				/* Red flags now, or an uncleared screen: the block. */
				try {
					status = await BR.api('GET', epUrl + '/safety-net');
				} catch (e2) {
					/* the server's sentence below is enough */
				}
				if (status.waiting)
					blockFromStatus(err.message);
				else
					showBlock(err.message);
				BR.say(msg, 'bad', err.message);
			} else if (step === 'sign') {
				BR.say(msg, 'bad', 'The session is saved, not signed: ' + err.message +
					' Sign it again here, or from the chart.');
			} else if (step !== 'session') {
				const what = step === 'tcm' ? 'the TCM assessment' : 'the herbal prescription';
				BR.showError(msg, step === 'tcm' ? $('tcm-box') : hb, err);
				msg.textContent = 'The session is saved, ' + what + ' is not: ' + err.message +
					' Correct it and save again, or go back to the chart.';
			} else {
				BR.showError(msg, form, err.field === 'modality' ? Object.assign(err, { field: null }) : err);
			}
		} finally {
			for (const b of buttons)
				b.disabled = form.classList.contains('is-blocked');
		}
	});
	const saved = { session: null, tcm: null, herbal: null, signed: false };
	if (status.waiting)
		blockFromStatus();
})();
