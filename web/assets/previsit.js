/*
 * previsit.js - the questions a new patient answers on the phone before
 * the first visit (/previsit): a few important questions first (the
 * red-flag questions worded for patients), then the history of the back
 * pain, daily life, health and sleep, and what they hope for; one step
 * per screen, back and next, progress shown.
 *
 * Everything comes from GET /api/v1/me/previsit: the answers kept so
 * far, the red-flag questions (model/previsit.c), the intake fields'
 * kinds and ranges (the model's table) and the codes of the lists with
 * their labels; the plain words of each intake question are this page's.
 * Every step is kept on the server as it is left (POST
 * /api/v1/patients/{id}/previsit/answers: a draft, not the record until
 * the practitioner confirms it), so "Pause" or closing the page loses
 * nothing and the patient carries on where they stopped.  A reply to a
 * red-flag question is kept at once; one that points to an emergency
 * shows the safety net at once (the server's answer decides; an
 * emergency sign's "yes" shows it before the answer arrives).  Only what
 * the patient chose or typed is sent: a question left alone is left out.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const el = BR.el;
	const msg = $('pv-msg');
	const formEl = $('pv-form');

	let s, form;
	try {
		s = await BR.requireSession('patient');
		form = await BR.api('GET', '/api/v1/me/previsit');
	} catch (e) {
		BR.say($('load-msg'), 'bad', e.message);
		return;
	}
	$('pv-safety').textContent = form.safety_net;
	if (!['requested', 'answering', 'sent'].includes(form.status)) {
		$('pv-empty-text').textContent = form.status === 'confirmed'
			? 'Your practitioner has your answers. Thank you.'
			: 'Your practitioner has not asked you any questions before your visit.';
		$('pv-empty').hidden = false;
		return;
	}
	const url = '/api/v1/patients/' + s.user.patient_id + '/previsit/answers';

	/* The questions in plain words; choices in the order of the model's
	 * vocabulary (a code without words here shows as it is). */
	const WORDS = {
		onset_mode: { q: 'How did the pain begin?', c: {
			lifting: 'Lifting something', twisting: 'Twisting', bending: 'Bending',
			fall: 'A fall', accident: 'An accident', sport: 'Sport or exercise',
			gradual: 'Slowly, over time', unknown: 'I don\'t know', other: 'Another way' } },
		onset_note: { q: 'Anything else about how it began?', optional: true },
		locations: { q: 'Where does it hurt? Tick all that apply.' },
		radiation: { q: 'Does the pain spread?', c: {
			none: 'No, it stays in my back', buttock: 'Into my buttock',
			'above-knee': 'Down my leg, not below the knee',
			'below-knee': 'Down my leg, below the knee' } },
		radiation_side: { q: 'To which side does it spread?', c: {
			left: 'Left', right: 'Right', both: 'Both sides' } },
		aggravating: { q: 'What makes it worse? Tick all that apply.' },
		easing: { q: 'What makes it better? Tick all that apply.' },
		work: { q: 'What is your work like?', c: {
			desk: 'Mostly at a desk', standing: 'Mostly on my feet',
			manual: 'Physical or manual work', driving: 'Mostly driving',
			mixed: 'A mix of these', 'not-working': 'I am not working at the moment' } },
		sitting_hours: { q: 'About how many hours a day do you sit?' },
		lifting: { q: 'Do you lift things at work?', c: {
			none: 'No', light: 'Light things', heavy: 'Heavy things' } },
		activity: { q: 'How active are you in a usual week?', c: {
			sedentary: 'Mostly sitting, little exercise', light: 'Lightly active',
			moderate: 'Moderately active', active: 'Very active' } },
		height_cm: { q: 'Your height, in centimetres' },
		weight_kg: { q: 'Your weight, in kilograms' },
		smoking: { q: 'Do you smoke?', c: {
			never: 'I have never smoked', former: 'I used to smoke', current: 'I smoke now' } },
		cigarettes_per_day: { q: 'About how many cigarettes a day?' },
		lifestyle_note: { q: 'Anything else about your daily life?', optional: true },
		conditions: { q: 'Have you been told you have any of these? Tick all that apply.', none: 'None of these' },
		conditions_note: { q: 'Other health problems', optional: true },
		treatments: { q: 'What have you tried for your back before? Tick all that apply.', none: 'None of these' },
		treatments_note: { q: 'Other treatments you have tried', optional: true },
		medicines: { q: 'Which medicines do you take now?' },
		night_pain: { q: 'Does back pain bother you at night?' },
		pain_wakes: { q: 'On a usual night, how many times does the pain wake you?' },
		position_difficulty: { q: 'Is it hard to find a comfortable position to sleep in?' },
		sleep_position: { q: 'How do you usually sleep?', c: {
			back: 'On my back', side: 'On my side', front: 'On my front', varies: 'It varies' } },
		mattress: { q: 'Is your mattress firm, medium or soft?', c: {
			firm: 'Firm', medium: 'Medium', soft: 'Soft' } },
		mattress_years: { q: 'About how old is your mattress, in years?' },
		pillows: { q: 'How many pillows do you sleep on?' },
		knee_pillow: { q: 'Do you sleep with a pillow between or under your knees?' },
		sleep_note: { q: 'Anything else about your sleep?', optional: true },
		goals: { q: 'What would you most like to be able to do again?', optional: true },
	};
	const PURPOSE = { pain: 'Pain', sleep: 'Sleep', other: 'Something else' };
	/* A question shown only with an answer it follows from. */
	const SHOWN_WHEN = {
		radiation_side: () => ['buttock', 'above-knee', 'below-knee'].includes(answers.radiation),
		cigarettes_per_day: () => answers.smoking === 'current',
		pain_wakes: () => answers.night_pain === true,
	};
	const STEPS = [
		{ title: 'A few important questions first', flags: true,
		  intro: 'These questions look for signs that need a doctor quickly. ' +
			'Answer each one yes, no or not sure.' },
		{ title: 'Your back pain', keys: ['onset_mode', 'onset_note', 'locations',
			'radiation', 'radiation_side'] },
		{ title: 'What makes it worse or better', keys: ['aggravating', 'easing'] },
		{ title: 'Work and daily life', keys: ['work', 'sitting_hours', 'lifting', 'activity',
			'height_cm', 'weight_kg', 'smoking', 'cigarettes_per_day', 'lifestyle_note'] },
		{ title: 'Your health', keys: ['conditions', 'conditions_note', 'treatments',
			'treatments_note', 'medicines'] },
		{ title: 'Your sleep', keys: ['night_pain', 'pain_wakes', 'position_difficulty',
			'sleep_position', 'mattress', 'mattress_years', 'pillows', 'knee_pillow', 'sleep_note'] },
		{ title: 'What you hope for', keys: ['goals'],
		  intro: 'Last step. Your practitioner reads your answers before your first visit ' +
			'and goes through them with you.' },
	];

	const fields = new Map(form.fields.map((f) => [f.key, f]));
	const answers = Object.assign({}, form.answers);
	const flags = Object.assign({}, form.red_flags);
	const LISTS = ['locations', 'aggravating', 'easing', 'conditions', 'treatments'];
	let at = 0;

	function shown(key) {
		return !SHOWN_WHEN[key] || SHOWN_WHEN[key]();
	}

	/* What is sent: the answers given, without a question no longer
	 * shown (its answer no longer applies). */
	function payload(finished) {
		const intake = {};
		for (const [k, v] of Object.entries(answers))
			if (shown(k))
				intake[k] = v;
		const body = { intake, red_flags: flags };
		if (finished)
			body.finished = true;
		return body;
	}

	function showAlert(on) {
		const box = $('pv-alert');
		const was = !box.hidden;
		box.hidden = !on;
		/* The alert says the safety net itself: once on the page. */
		for (const n of document.querySelectorAll('.pv-standing'))
			n.hidden = on;
		if (on && !was) {
			box.scrollIntoView({ block: 'start' });
			box.focus({ preventScroll: true });
		}
	}

	/* The step holding the field the server named ("intake.KEY",
	 * "red_flags.FLAG"), shown with the field marked. */
	function showFieldError(err) {
		const f = err.field || '';
		const key = f.replace(/^intake\./, '');
		const i = f.startsWith('red_flags') ? 0 : STEPS.findIndex((st) => (st.keys || []).includes(key));
		if (i >= 0 && i !== at) {
			at = i;
			show();
		}
		BR.showError(msg, formEl, err);
	}

	async function keep(finished) {
		const r = await BR.api('POST', url, payload(finished));
		showAlert(r.emergency);
		return r;
	}

	/* Renders ------------------------------------------------------------ */

	function label(key, code) {
		const w = WORDS[key] && WORDS[key].c;
		return (w && w[code]) || code;
	}

	function question(key) {
		const w = WORDS[key] || { q: key };
		return w.q + (w.optional ? ' (if you like)' : '');
	}

	function radios(key, name, options, value, onChoose) {
		const box = el('fieldset', { class: 'scale list', 'data-key': key },
			el('legend', { class: 'label', text: question(key) }));
		const opts = el('div', { class: 'opts' });
		options.forEach((o, i) => {
			const id = 'pv-' + key + '-' + i;
			const input = el('input', { type: 'radio', name, id, value: String(o.value) });
			input.checked = value === o.value;
			input.addEventListener('change', () => onChoose(o.value));
			opts.append(input, el('label', { class: 'opt', for: id, text: o.label }));
		});
		box.append(opts);
		return box;
	}

	function choiceField(key) {
		const f = fields.get(key);
		const options = f.kind === 'bool'
			? [{ value: true, label: 'Yes' }, { value: false, label: 'No' }]
			: f.values.map((v) => ({ value: v, label: label(key, v) }));
		return radios(key, 'intake.' + key, options, answers[key], (v) => {
			answers[key] = v;
			refreshShown();
		});
	}

	function numberField(key) {
		const f = fields.get(key);
		const id = 'pv-' + key;
		const input = el('input', { id, name: 'intake.' + key, type: 'number',
			inputmode: f.kind === 'number' ? 'decimal' : 'numeric',
			step: f.kind === 'number' ? '0.1' : '1', min: String(f.min), max: String(f.max),
			value: answers[key] === undefined ? '' : String(answers[key]),
			'aria-describedby': id + '-hint' });
		input.addEventListener('input', () => {
			const v = input.value.trim();
			if (v === '')
				delete answers[key];
			else
				answers[key] = Number.isFinite(Number(v)) ? Number(v) : v;
		});
		return el('div', { class: 'field pv-number', 'data-key': key },
			el('label', { for: id, text: question(key) }),
			input,
			el('p', { id: id + '-hint', class: 'hint', text: f.min + ' to ' + f.max }));
	}

	function textField(key) {
		const f = fields.get(key);
		const id = 'pv-' + key;
		const area = el('textarea', { id, name: 'intake.' + key, maxlength: String(f.max), rows: '3' });
		area.value = answers[key] || '';
		area.addEventListener('input', () => {
			if (area.value.trim() === '')
				delete answers[key];
			else
				answers[key] = area.value;
		});
		return el('div', { class: 'field', 'data-key': key },
			el('label', { for: id, text: question(key) }), area);
	}

	function listField(key) {
		const w = WORDS[key] || {};
		const codes = form.vocabulary[key] || [];
		const chosen = new Set(Array.isArray(answers[key]) ? answers[key] : []);
		const box = el('fieldset', { class: 'pv-list', 'data-key': key },
			el('legend', { text: question(key) }));
		const ticks = el('div', { class: 'ticks' });
		const inputs = [];
		let none = null;
		function update() {
			const picked = inputs.filter((i) => i.checked).map((i) => i.value);
			if (none && none.checked)
				answers[key] = [];
			else if (picked.length)
				answers[key] = picked;
			else
				delete answers[key];
		}
		codes.forEach((c, i) => {
			const id = 'pv-' + key + '-' + i;
			const input = el('input', { type: 'checkbox', id, name: 'intake.' + key, value: c.code });
			input.checked = chosen.has(c.code);
			input.addEventListener('change', () => {
				if (input.checked && none)
					none.checked = false;
				update();
			});
			inputs.push(input);
			ticks.append(el('label', { class: 'tick', for: id }, input, c.label));
		});
		if (w.none) {
			const id = 'pv-' + key + '-none';
			none = el('input', { type: 'checkbox', id, value: 'none' });
			none.checked = Array.isArray(answers[key]) && answers[key].length === 0;
			none.addEventListener('change', () => {
				if (none.checked)
					for (const i of inputs)
						i.checked = false;
				update();
			});
			ticks.append(el('label', { class: 'tick', for: id }, none, w.none));
		}
		box.append(ticks);
		return box;
	}

	function medicinesField() {
		const key = 'medicines';
		let rows = Array.isArray(answers.medicines)
			? answers.medicines.map((m) => Object.assign({}, m)) : [];
		const noneGiven = Array.isArray(answers.medicines) && answers.medicines.length === 0;
		if (!rows.length)
			rows = [{ name: '' }];
		const box = el('fieldset', { class: 'pv-meds', 'data-key': key },
			el('legend', { text: question(key) }),
			el('p', { class: 'hint', text: 'Also medicines bought without a prescription, ' +
				'herbal remedies and supplements.' }));
		const list = el('div', {});
		const noneId = 'pv-medicines-none';
		const none = el('input', { type: 'checkbox', id: noneId });
		none.checked = noneGiven;
		function update() {
			const given = rows.filter((r) => r.name.trim() !== '').map((r) => {
				const m = { name: r.name.trim() };
				if (r.dose && r.dose.trim())
					m.dose = r.dose.trim();
				if (r.purpose)
					m.purpose = r.purpose;
				return m;
			});
			if (none.checked)
				answers.medicines = [];
			else if (given.length)
				answers.medicines = given;
			else
				delete answers.medicines;
		}
		function draw() {
			BR.clear(list);
			list.hidden = none.checked;
			rows.forEach((r, i) => {
				const id = 'pv-med-' + i;
				const name = el('input', { type: 'text', id: id + '-name', name: 'intake.medicines',
					maxlength: '120', autocomplete: 'off', value: r.name || '' });
				name.addEventListener('input', () => { r.name = name.value; update(); });
				const dose = el('input', { type: 'text', id: id + '-dose', maxlength: '120',
					autocomplete: 'off', value: r.dose || '' });
				dose.addEventListener('input', () => { r.dose = dose.value; update(); });
				const purpose = el('select', { id: id + '-purpose' },
					el('option', { value: '', text: '—' }),
					...Object.entries(PURPOSE).map(([v, t]) => el('option', { value: v, text: t })));
				purpose.value = r.purpose || '';
				purpose.addEventListener('change', () => { r.purpose = purpose.value; update(); });
				list.append(el('div', { class: 'pv-med' },
					el('div', { class: 'field' }, el('label', { for: id + '-name', text: 'Medicine ' + (i + 1) }), name),
					el('div', { class: 'row' },
						el('div', { class: 'field' }, el('label', { for: id + '-dose', text: 'How much, how often' }), dose),
						el('div', { class: 'field' }, el('label', { for: id + '-purpose', text: 'Taken for' }), purpose))));
			});
			list.append(el('button', { type: 'button', class: 'small-button', text: 'Add a medicine',
				on: { click: () => { rows.push({ name: '' }); draw(); } } }));
		}
		none.addEventListener('change', () => { update(); draw(); });
		draw();
		box.append(el('label', { class: 'check', for: noneId }, none, 'I take no medicines'), list);
		return box;
	}

	function flagQuestion(q) {
		const box = el('fieldset', { class: 'choices-3 pv-flag', 'data-key': q.flag },
			el('legend', { class: 'label', text: q.text }));
		const opts = el('div', { class: 'opts' });
		for (const [v, t] of [['yes', 'Yes'], ['no', 'No'], ['unsure', 'Not sure']]) {
			const id = 'pv-flag-' + q.flag + '-' + v;
			const input = el('input', { type: 'radio', name: 'red_flags.' + q.flag, id, value: v });
			input.checked = flags[q.flag] === v;
			input.addEventListener('change', async () => {
				flags[q.flag] = v;
				/* An emergency sign needs no round trip to be told. */
				if (q.emergency && v === 'yes')
					showAlert(true);
				try {
					await keep(false);
					BR.say(msg, '', '');
				} catch (e) {
					showFieldError(e);
				}
			});
			opts.append(input, el('label', { class: 'opt', for: id, text: t }));
		}
		box.append(opts);
		return box;
	}

	function fieldFor(key) {
		if (key === 'medicines')
			return medicinesField();
		if (LISTS.includes(key))
			return listField(key);
		const f = fields.get(key);
		if (!f)
			return null;
		if (f.kind === 'enum' || f.kind === 'bool')
			return choiceField(key);
		if (f.kind === 'int' || f.kind === 'number')
			return numberField(key);
		return textField(key);
	}

	function refreshShown() {
		for (const n of $('pv-step').querySelectorAll('[data-key]'))
			if (SHOWN_WHEN[n.dataset.key])
				n.hidden = !shown(n.dataset.key);
	}

	function show() {
		const step = STEPS[at];
		$('pv-title').textContent = step.title;
		$('pv-intro').textContent = step.intro || '';
		$('pv-intro').hidden = !step.intro;
		$('pv-count').textContent = 'Step ' + (at + 1) + ' of ' + STEPS.length;
		$('pv-bar').max = STEPS.length;
		$('pv-bar').value = at;
		const box = BR.clear($('pv-step'));
		if (step.flags) {
			box.append(el('p', { class: 'safety-net pv-standing', text: form.safety_net,
				hidden: !$('pv-alert').hidden }));
			for (const q of form.questions)
				box.append(flagQuestion(q));
		} else {
			for (const key of step.keys) {
				const n = fieldFor(key);
				if (n)
					box.append(n);
			}
		}
		refreshShown();
		$('pv-back').disabled = at === 0;
		$('pv-next').hidden = at === STEPS.length - 1;
		$('pv-send').hidden = at !== STEPS.length - 1;
		BR.say(msg, '', '');
	}

	/* Where to carry on: the first step with nothing answered yet. */
	function resumeAt() {
		const answered = (k) => answers[k] !== undefined;
		if (!Object.keys(flags).length && !Object.keys(answers).length)
			return 0;
		if (form.questions.some((q) => flags[q.flag] === undefined))
			return 0;
		const i = STEPS.findIndex((st) => st.keys && !st.keys.some(answered));
		return i < 0 ? STEPS.length - 1 : i;
	}

	async function go(to) {
		try {
			await keep(false);
		} catch (e) {
			showFieldError(e);
			return;
		}
		at = to;
		show();
		$('pv-title').scrollIntoView({ block: 'start' });
		$('pv-title').focus({ preventScroll: true });
	}

	function done(heading, text) {
		$('pv-run').hidden = true;
		$('pv-done-h').textContent = heading;
		BR.say($('pv-done-text'), 'ok', text);
		$('pv-done').hidden = false;
	}

	$('pv-title').setAttribute('tabindex', '-1');
	$('pv-back').addEventListener('click', () => go(Math.max(0, at - 1)));
	$('pv-next').addEventListener('click', () => go(Math.min(STEPS.length - 1, at + 1)));
	$('pv-pause').addEventListener('click', async () => {
		try {
			await keep(false);
		} catch (e) {
			showFieldError(e);
			return;
		}
		done('Your answers are kept', 'Paused: open this page again to carry on where you stopped.');
	});
	$('pv-send').addEventListener('click', async () => {
		const b = $('pv-send');
		b.disabled = true;
		try {
			await keep(true);
		} catch (e) {
			showFieldError(e);
			return;
		} finally {
			b.disabled = false;
		}
		done('Thank you', 'Sent: your practitioner will go through your answers with you at your first visit.');
	});

	showAlert(form.tier === 'emergency');
	at = resumeAt();
	$('pv-run').hidden = false;
	show();
})();
