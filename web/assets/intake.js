/*
 * intake.js - the intake flow.
 *
 * Step 1: a new patient and their episode of back pain (POST
 * /api/v1/patients, POST /api/v1/patients/{id}/episodes), or with
 * ?patient=ID a new episode for a known patient, and the red-flag screen
 * (POST /api/v1/episodes/{id}/screens).  An urgent or emergency result is
 * shown first (tier, action, the safety net for the patient) and stops
 * the flow: referral comes before history taking.
 *
 * Step 2 (or directly with ?episode=ID): the structured intake history
 * (POST /api/v1/episodes/{id}/intake, which merges; the form is
 * pre-filled from what is stored), STarT Back and the chosen baseline
 * questionnaires (POST /api/v1/episodes/{id}/measures, scored by the
 * server).  The phase (acute < 6 weeks, subacute 6-12, chronic > 12;
 * Cochrane) is previewed as the onset is typed; the server's answer is
 * the record.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const el = BR.el;
	const form = $('intake');
	const msg = $('msg');
	let s;
	try {
		s = await BR.requireSession('practitioner');
	} catch (e) {
		BR.say($('load-msg'), 'bad', e.message);
		return;
	}
	const today = s.today;
	let patient = null; /* once saved (or given), only the episode is left */
	let episode = null; /* once saved: only the screen is left */

	form.onset.max = today;
	form.born.max = today;

	function knownPatient(p) {
		patient = p;
		$('patient-fields').hidden = true;
		$('patient-fields').disabled = true;
		const k = $('patient-known');
		k.hidden = false;
		k.textContent = 'New episode for ' + p.name + (p.ref ? ' (' + p.ref + ')' : '') + '.';
		$('intake-h').textContent = 'New episode';
	}

	/* Vocabularies: flags for step 1, intake codes and instruments for
	 * step 2. */
	let flags, vocab, instruments;
	try {
		[flags, vocab, instruments] = await Promise.all([
			BR.api('GET', '/api/v1/red-flags'),
			BR.api('GET', '/api/v1/intake/vocabulary'),
			BR.api('GET', '/api/v1/instruments'),
		]);
	} catch (e) {
		BR.say($('load-msg'), 'bad', e.message);
		return;
	}
	const screen = BR.flagChecklist(flags, {
		legend: 'Red-flag screen',
		hint: 'Ask about each sign. Any one of them calls for referral before treatment (the ones marked emergency: the same day).',
	});
	$('screen-box').append(screen.node);

	const givenEpisode = BR.idParam('episode');
	const given = BR.idParam('patient');
	try {
		if (givenEpisode) {
			episode = await BR.api('GET', '/api/v1/episodes/' + givenEpisode);
			patient = await BR.api('GET', '/api/v1/patients/' + episode.patient_id);
		} else if (given) {
			knownPatient(await BR.api('GET', '/api/v1/patients/' + given));
		}
	} catch (e) {
		BR.say($('load-msg'), 'bad', e.status === 404 ? 'This record does not exist or is not in your clinic.' : e.message);
		form.hidden = true;
		return;
	}

	function preview() {
		const onset = form.onset.value;
		const out = $('phase');
		if (!onset) {
			out.textContent = 'The phase follows from the start date: acute under 6 weeks, subacute 6 to 12, chronic over 12.';
			return;
		}
		const days = BR.daysBetween(onset, today);
		if (days < 0) {
			out.textContent = 'That date is in the future.';
			return;
		}
		const phase = days < 42 ? 'acute' : days <= 84 ? 'subacute' : 'chronic';
		out.textContent = (days / 7).toFixed(1) + ' weeks ago: ' + phase +
			' (acute under 6 weeks, subacute 6 to 12, chronic over 12).';
	}
	form.onset.addEventListener('input', preview);
	preview();

	const chartUrl = () => '/practice/patient?id=' + patient.id;

	/* Step 1 ---------------------------------------------------------------- */
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const button = form.querySelector('button[type="submit"]');
		BR.say(msg, '', '');
		const fail = (text, field) => BR.showError(msg, form, new BR.ApiError(0, 'invalid', text, field));
		if (!patient && !form.name.value.trim())
			return fail('Enter the patient\'s name.', 'name');
		if (!episode && !form.onset.value)
			return fail('Enter when this episode started.', 'onset');
		const answer = screen.value();
		if (answer === null) {
			fail('Answer the red-flag screen: no red flags found, or tick the ones found.');
			screen.focus();
			return;
		}
		if (Array.isArray(answer) && !answer.length) {
			fail('Tick the red flags found, or choose "No red flags found".');
			return;
		}
		button.disabled = true;
		try {
			if (!patient) {
				const body = { name: form.name.value.trim(), sex: form.sex.value };
				if (form.born.value)
					body.born = form.born.value;
				if (form.ref.value.trim())
					body.ref = form.ref.value.trim();
				knownPatient(await BR.api('POST', '/api/v1/patients', body));
			}
			if (!episode) {
				const ep = { onset: form.onset.value, region: form.region.value,
					sciatica: form.sciatica.checked };
				if (form.code.value.trim())
					ep.code = form.code.value.trim();
				episode = await BR.api('POST', '/api/v1/patients/' + patient.id + '/episodes', ep);
				for (const f of form.querySelectorAll('fieldset:not(.redflags):not(.flag-group)'))
					f.disabled = true;
			}
			const result = await BR.api('POST', '/api/v1/episodes/' + episode.id + '/screens',
				answer === 'none' ? { none: true } : { flags: answer });
			form.hidden = true;
			if (result.tier !== 'none') {
				$('stop-result').append(BR.screenResult(result));
				$('stop-chart').href = chartUrl();
				$('stop').hidden = false;
				$('stop').focus();
				return;
			}
			$('screen-ok').append(BR.screenResult(result));
			await startHistory();
		} catch (err) {
			BR.showError(msg, form, err);
		} finally {
			button.disabled = false;
		}
	});

	/* Step 2: history -------------------------------------------------------- */
	const hx = $('history');
	const hxMsg = $('hx-msg');
	/* [key, kind, label, min, max] in the order of the conversation. */
	const GROUPS = [
		['Onset', [['onset_mode', 'enum', 'How it started'], ['onset_note', 'text', 'Onset details']]],
		['Where it hurts', [['locations', 'locations', 'Where'], ['radiation', 'enum', 'Pain spreads to'],
			['radiation_side', 'enum', 'Side of the leg pain']]],
		['What makes it worse or better', [['aggravating', 'list', 'Worse with'], ['easing', 'list', 'Better with']]],
		['Work and lifestyle', [['work', 'enum', 'Work'], ['sitting_hours', 'int', 'Hours sitting a day', 0, 24],
			['lifting', 'enum', 'Lifting'], ['lifting_technique', 'enum', 'Lifting technique'],
			['activity', 'enum', 'Activity level'], ['height_cm', 'int', 'Height (cm)', 100, 250],
			['weight_kg', 'dec', 'Weight (kg)', 25, 350], ['smoking', 'enum', 'Smoking'],
			['cigarettes_per_day', 'int', 'Cigarettes a day', 1, 100], ['lifestyle_note', 'text', 'Lifestyle note']]],
		['Health and treatments', [['conditions', 'list', 'Known conditions'], ['conditions_note', 'text', 'Conditions note'],
			['treatments', 'list', 'Treatments tried'], ['treatments_note', 'text', 'Treatments note'],
			['medicines', 'meds', 'Medicines']]],
		['Sleep', [['night_pain', 'bool', 'Pain at night'], ['pain_wakes', 'int', 'Woken by pain, times a night', 0, 20],
			['position_difficulty', 'bool', 'Hard to find a comfortable position'],
			['sleep_position', 'enum', 'Usually sleeps on'], ['mattress', 'enum', 'Mattress'],
			['mattress_years', 'int', 'Mattress age (years)', 0, 50], ['pillows', 'int', 'Pillows', 0, 6],
			['knee_pillow', 'bool', 'Pillow between or under the knees'], ['sleep_note', 'text', 'Sleep note']]],
		['Goals', [['goals', 'text', 'What the patient wants to be able to do again']]],
	];
	const FIELDS = GROUPS.flatMap((g) => g[1]);
	const opt = (v, t) => el('option', { value: v, text: t });

	function buildField([key, kind, label, min, max]) {
		const id = 'hx-' + key;
		if (kind === 'enum')
			return el('div', { class: 'field' }, el('label', { for: id, text: label }),
				el('select', { id, name: key }, opt('', 'Not recorded'),
					vocab.fixed[key].map((v) => opt(v, BR.words(v)))));
		if (kind === 'bool')
			return el('div', { class: 'field' }, el('label', { for: id, text: label }),
				el('select', { id, name: key }, opt('', 'Not asked'), opt('yes', 'Yes'), opt('no', 'No')));
		if (kind === 'int' || kind === 'dec')
			return el('div', { class: 'field' }, el('label', { for: id, text: label }),
				el('input', { id, name: key, type: 'number', min: String(min), max: String(max),
					step: kind === 'dec' ? '0.1' : '1', inputmode: kind === 'dec' ? 'decimal' : 'numeric' }));
		if (kind === 'text')
			return el('div', { class: 'field wide-field' }, el('label', { for: id, text: label }),
				el('input', { id, name: key, type: 'text', maxlength: '500', autocomplete: 'off' }));
		if (kind === 'meds')
			return el('div', { class: 'field wide-field' },
				el('label', { for: id }, label, el('span', { class: 'hint',
					text: ' (one a line: name | dose | kind | purpose; kind ' + vocab.fixed.medicine_kind.join(', ') +
						'; purpose ' + vocab.fixed.medicine_purpose.join(', ') + ')' })),
				el('textarea', { id, name: key, rows: '3' }));
		/* Lists: a tick per code, "None reported", and for locations a side. */
		const items = vocab[key];
		const box = el('fieldset', { class: 'wide-field', 'data-field': key, id },
			el('legend', { text: label }),
			el('label', { class: 'check', for: id + '-none' },
				el('input', { type: 'checkbox', id: id + '-none', 'data-none': key }), 'None reported'));
		const list = el('div', { class: 'checks' });
		for (const it of items) {
			const cid = id + '-' + it.code;
			const cb = el('input', { type: 'checkbox', id: cid, name: key, value: it.code });
			if (kind === 'locations')
				list.append(el('div', { class: 'point' },
					el('label', { for: cid }, cb, it.label),
					el('select', { 'aria-label': 'Side of ' + it.label, 'data-side': it.code },
						opt('', 'side?'), vocab.fixed.location_side.map((v) => opt(v, v)))));
			else
				list.append(el('label', { class: 'check', for: cid }, cb, it.label));
		}
		box.append(list);
		return box;
	}
	for (const [title, fields] of GROUPS)
		$('hx-groups').append(el('fieldset', { class: 'hx-group' }, el('legend', { text: title }),
			el('div', { class: 'row' }, fields.map(buildField))));
	hx.addEventListener('change', (e) => {
		const t = e.target;
		if (t.dataset.none && t.checked)
			for (const c of hx.querySelectorAll('input[name="' + t.dataset.none + '"]'))
				c.checked = false;
		if (t.type === 'checkbox' && t.name && t.checked) {
			const none = $('hx-' + t.name + '-none');
			if (none)
				none.checked = false;
		}
	});
	const field = (key) => hx.elements[key];

	let stored = null; /* the intake as stored, for what to clear */
	function fill(x) {
		for (const [key, kind] of FIELDS) {
			const v = x[key];
			if (kind === 'enum' || kind === 'int' || kind === 'dec' || kind === 'text')
				field(key).value = v === null || v === undefined ? '' : String(v);
			else if (kind === 'bool')
				field(key).value = v === true ? 'yes' : v === false ? 'no' : '';
			else if (kind === 'meds')
				field(key).value = (v || []).map((m) => {
					const parts = [m.name, m.dose || '', m.kind || '', m.purpose || ''];
					while (parts.length > 1 && !parts[parts.length - 1])
						parts.pop();
					return parts.join(' | ');
				}).join('\n');
			else {
				$('hx-' + key + '-none').checked = Array.isArray(v) && !v.length;
				const codes = (v || []).map((i) => (typeof i === 'string' ? i : i.location || i.code));
				for (const c of hx.querySelectorAll('input[name="' + key + '"]'))
					c.checked = codes.includes(c.value);
				if (kind === 'locations')
					for (const i of v || [])
						hx.querySelector('[data-side="' + i.location + '"]').value = i.side || '';
			}
		}
	}
	/* The intake body: given fields, and "clear" for what was stored and
	 * is now empty (the use case merges). */
	function collect() {
		const body = {};
		const clear = [];
		for (const [key, kind] of FIELDS) {
			let v;
			if (kind === 'enum' || kind === 'text') {
				v = field(key).value.trim() || undefined;
			} else if (kind === 'int' || kind === 'dec') {
				v = field(key).value.trim() === '' ? undefined : Number(field(key).value);
			} else if (kind === 'bool') {
				v = field(key).value === '' ? undefined : field(key).value === 'yes';
			} else if (kind === 'meds') {
				const lines = field(key).value.split('\n').map((l) => l.trim()).filter(Boolean);
				v = lines.length ? lines.map((l) => {
					const [name, dose, k, purpose] = l.split('|').map((p) => p.trim());
					const m = { name };
					if (dose)
						m.dose = dose;
					if (k)
						m.kind = k;
					if (purpose)
						m.purpose = purpose;
					return m;
				}) : undefined;
			} else {
				const ticked = [...hx.querySelectorAll('input[name="' + key + '"]:checked')].map((c) => {
					if (kind !== 'locations')
						return c.value;
					const side = hx.querySelector('[data-side="' + c.value + '"]').value;
					return side ? c.value + ':' + side : c.value;
				});
				v = ticked.length ? ticked : $('hx-' + key + '-none').checked ? [] : undefined;
			}
			if (v !== undefined)
				body[key] = v;
			else if (stored && stored[key] !== null && stored[key] !== undefined)
				clear.push(key);
		}
		if (clear.length)
			body.clear = clear;
		return body;
	}

	/* Step 2: questionnaires -------------------------------------------- */
	const forms = new Map(); /* instrument id -> questionnaire */
	const saved = new Set();
	async function addQuestionnaire(id, box) {
		const q = BR.questionnaire(await BR.instrument(id));
		forms.set(id, q);
		box.append(q.node);
		return q;
	}
	function baselineChoices() {
		const list = $('baseline-list');
		for (const i of instruments) {
			if (i.id === 'startback')
				continue;
			const cid = 'baseline-' + i.id;
			list.append(el('label', { class: 'check', for: cid },
				el('input', { type: 'checkbox', id: cid, value: i.id }), i.name));
		}
		list.addEventListener('change', async (e) => {
			const id = e.target.value;
			if (e.target.checked && !forms.has(id)) {
				try {
					await addQuestionnaire(id, $('q-baseline-box'));
				} catch (err) {
					BR.say(hxMsg, 'bad', err.message);
				}
			} else if (forms.has(id)) {
				forms.get(id).node.hidden = !e.target.checked;
			}
		});
	}

	async function startHistory() {
		$('intake-h').textContent = 'Intake: ' + patient.name;
		$('history-who').textContent = patient.name + ' · episode since ' +
			BR.fmtDate(episode.onset, { year: 'numeric' });
		hx.date.value = today;
		hx.date.max = today;
		/* The episode carries its intake (null when none yet). */
		stored = (await BR.api('GET', '/api/v1/episodes/' + episode.id)).intake;
		if (stored) {
			fill(stored);
			hx.date.value = stored.date || today;
		}
		await addQuestionnaire('startback', $('q-startback-box'));
		baselineChoices();
		hx.hidden = false;
		$('history-h').focus();
	}

	hx.addEventListener('submit', async (e) => {
		e.preventDefault();
		const button = hx.querySelector('button[type="submit"]');
		BR.say(hxMsg, '', '');
		button.disabled = true;
		try {
			const body = collect();
			if (Object.keys(body).length) {
				body.date = hx.date.value || today;
				stored = await BR.api('POST', '/api/v1/episodes/' + episode.id + '/intake', body);
			}
			for (const [id, q] of forms) {
				if (saved.has(id) || q.node.hidden || !q.answered())
					continue;
				try {
					await BR.api('POST', '/api/v1/episodes/' + episode.id + '/measures',
						{ instrument: id, answers: q.answers(), date: hx.date.value || today });
				} catch (err) {
					err.message = q.def.name + ': ' + err.message;
					throw err;
				}
				saved.add(id);
				q.node.disabled = true;
			}
			BR.say(hxMsg, 'ok', 'Saved. Opening the chart…');
			location.assign(chartUrl());
		} catch (err) {
			BR.showError(hxMsg, hx, err);
		} finally {
			button.disabled = false;
		}
	});

	if (givenEpisode) {
		form.hidden = true;
		try {
			await startHistory();
		} catch (e) {
			BR.say($('load-msg'), 'bad', e.message);
		}
	}
})();
