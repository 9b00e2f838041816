/*
 * care.js - the care part of the practitioner's chart: the plan with the
 * evidence side by side (each source's own position and certainty, a
 * disagreement between guidelines said in words), the courses with their
 * trial checkpoint and the review decision with its reasons and visit
 * adherence, the bedtime routine, the home program (exercises with their
 * next-step advice, pacing quotas) and the visits (upcoming and past with
 * their status, the latest check-in before the next visit, booking one
 * visit or the plan's course, recording attended, missed or cancelled).
 *
 * chart.js calls BR.careChart(ctx) once the patient's current episode is
 * known; each card reads its own API and can be reloaded on its own.  It
 * calls BR.markCorrected(patient, tables) once its session and diary
 * tables are drawn: a corrected record's row says "corrected", with its
 * versions one click away.
 */
'use strict';

(() => {
	const el = BR.el;

	/* Words for the evidence; a position is always shown as the
	 * source's own word, never as more than it is. */
	const SOURCE = {
		'cochrane-2025': 'Cochrane overview (2025)',
		'acp-2017': 'ACP guideline (2017)',
		'nice-ng59': 'NICE NG59 (2016, updated 2020)',
	};
	const POSITION = {
		recommended: ['ok', 'Recommended'],
		consider: ['ok', 'Consider'],
		'only-with-exercise': ['warn', 'Only with exercise'],
		'do-not-offer': ['bad', 'Do not offer'],
		'no-recommendation': ['', 'No recommendation'],
	};
	const FOR = new Set(['recommended', 'consider', 'only-with-exercise']);
	const DECISION = {
		continue: ['ok', 'Continue the course'],
		reconsider: ['bad', 'Reconsider: stop or change the approach'],
		'too-early': ['', 'Too early to judge'],
		'insufficient-data': ['warn', 'Not enough data to judge'],
		refer: ['bad', 'Refer: red flag not cleared'],
	};
	const ADVICE = {
		progress: ['ok', 'Progress'],
		hold: ['', 'Hold'],
		regress: ['warn', 'Regress'],
		refer: ['bad', 'Refer'],
	};
	const STATUS = {
		booked: ['', 'booked'],
		attended: ['ok', 'attended'],
		missed: ['warn', 'missed'],
		cancelled: ['', 'cancelled'],
	};
	const UNIT = { min: 'minutes', m: 'metres', steps: 'steps', reps: 'repetitions' };

	const badge = (pair, extra) => el('span', { class: 'badge' + (pair[0] ? ' ' + pair[0] : ''),
		text: pair[1] + (extra ? ' ' + extra : '') });
	const api = BR.api;
	let uid = 0;
	const nextId = (p) => p + '-' + (++uid);

	/* A labelled field: [label, control] in a div.field. */
	function field(label, control, hint) {
		const id = control.id || (control.id = nextId('f'));
		return el('div', { class: 'field' }, el('label', { for: id }, label,
			hint ? el('span', { class: 'hint', text: ' ' + hint }) : null), control);
	}
	function input(name, props) {
		return el('input', Object.assign({ name, id: nextId(name) }, props || {}));
	}
	function select(name, options, props) {
		return el('select', Object.assign({ name, id: nextId(name) }, props || {}),
			options.map((o) => (o instanceof Node ? o : el('option', { value: o[0], text: o[1] }))));
	}
	/* A form that posts; done() after success. */
	function postForm(form, box, build, done) {
		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			const b = form.querySelector('button[type="submit"]');
			let req;
			try {
				req = build();
			} catch (err) {
				BR.showError(box, form, err);
				return;
			}
			if (!req)
				return;
			b.disabled = true;
			BR.say(box, '', '');
			try {
				const out = await api('POST', req[0], req[1]);
				await done(out);
			} catch (err) {
				BR.showError(box, form, err);
			} finally {
				b.disabled = false;
			}
		});
	}
	function numOrUndef(v) {
		return v === '' || v === null || v === undefined ? undefined : Number(v);
	}
	const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many || one + 's');

	/* The plan -------------------------------------------------------------- */
	async function planCard(ctx) {
		const card = ctx.$('plan-card');
		const box = BR.clear(ctx.$('plan'));
		card.hidden = false;
		const u = '/api/v1/episodes/' + ctx.ep.id;
		const guideline = ctx.$('guideline').value;
		let plan, vocab, review = null;
		try {
			[plan, vocab] = await Promise.all([
				api('GET', u + '/plan' + (guideline !== 'all' ? '?guideline=' + guideline : '')),
				api('GET', '/api/v1/plan/vocabulary'),
			]);
		} catch (e) {
			box.append(el('p', { class: 'msg bad', text: e.message }));
			return;
		}
		if (plan.items.length || ctx.sessions.length)
			try {
				review = await api('GET', u + '/review');
			} catch (e) {
				review = null;
			}
		const phase = plan.phase.cochrane === plan.phase.acp ? plan.phase.cochrane
			: plan.phase.cochrane + ' (Cochrane), ' + plan.phase.acp + ' (ACP)';
		box.append(el('p', {}, 'Phase: ' + phase +
			(plan.risk ? ' · STarT Back risk group: ' + plan.risk + ' (orders the options; it does not decide)' : '')));
		if (plan.status === 'refer') {
			box.append(el('div', { class: 'card urgent' },
				el('h3', {}, badge(['bad', 'Refer']), ' No treatment options while a red-flag screen is not cleared'),
				el('p', { text: 'Urgency: ' + plan.referral.urgency }),
				el('ul', {}, plan.referral.reasons.map((r) => el('li', { text: r })))));
		}
		box.append(itemsView(ctx, plan, review));
		if (plan.status !== 'refer') {
			box.append(evidenceView(ctx, plan));
			if (ctx.open)
				box.append(addForm(ctx, plan));
		}
		box.append(routineView(ctx, plan, vocab));
	}

	/* Courses with the trial checkpoint and the review. */
	function itemsView(ctx, plan, review) {
		const wrap = el('section', { 'aria-labelledby': 'courses-h' },
			el('h3', { id: 'courses-h', text: 'Courses and the trial checkpoint' }));
		if (!plan.items.length)
			wrap.append(el('p', { class: 'muted', text: 'Nothing planned yet: add a treatment from the options below.' }));
		else {
			const tb = el('tbody');
			for (const it of plan.items.slice().reverse()) {
				const course = it.sessions ? it.sessions + ' sessions, ' + (it.per_week === 1 ? 'once' : it.per_week === 2 ? 'twice' : it.per_week) + ' a week' : '—';
				const actions = el('td');
				if (it.status === 'active' && ctx.open)
					for (const [status, words] of [['done', 'Completed'], ['stopped', 'Stop']])
						actions.append(el('button', { type: 'button', class: 'small-button', text: words,
							'aria-label': words + ': ' + it.label, on: { click: () => endItem(ctx, it, status) } }), ' ');
				tb.append(el('tr', {},
					el('th', { scope: 'row' }, it.label, it.note ? el('div', { class: 'small muted', text: it.note }) : null),
					el('td', { text: course }),
					el('td', { class: 'num', text: it.sessions_done === null ? '—' : String(it.sessions_done) }),
					el('td', {}, it.trial ? 'after ' + it.trial + (it.trial_reached ? ' — ' : '') : '—',
						it.trial && it.trial_reached ? badge(['warn', 'reached']) : null),
					el('td', { text: it.status === 'active' ? 'active since ' + BR.fmtDate(it.date)
						: it.status + ' ' + (it.ended_on ? BR.fmtDate(it.ended_on) : '') }),
					actions));
			}
			wrap.append(el('div', { class: 'table-wrap' }, el('table', { id: 'plan-items' },
				el('thead', {}, el('tr', {}, ['Treatment', 'Course', 'Sessions so far', 'Trial checkpoint', 'Status', ''].map((h) =>
					el('th', { scope: 'col' }, h || el('span', { class: 'visually-hidden', text: 'Action' }))))), tb)));
			wrap.append(el('div', { class: 'msg', role: 'alert', id: 'items-msg' }));
		}
		if (review)
			wrap.append(reviewView(review));
		return wrap;
	}

	async function endItem(ctx, it, status) {
		try {
			await api('POST', '/api/v1/episodes/' + ctx.ep.id + '/plan/end', { treatment: it.treatment, status });
			await planCard(ctx);
			BR.say(ctx.$('plan-msg'), 'ok', it.label + ' ' + (status === 'done' ? 'completed.' : 'stopped.'));
		} catch (e) {
			BR.say(ctx.$('plan-msg'), 'bad', e.message);
		}
	}

	function reviewView(r) {
		const p = r.pain;
		const a = r.adherence;
		const pain = p && p.baseline !== null && p.current !== null
			? 'Pain ' + BR.num(p.baseline) + ' at baseline, ' + BR.num(p.current) + ' now: ' + p.words + ' (' +
				(p.source === 'diary' ? 'diary 7-day means' : 'from ' + p.source) + ')'
			: 'Pain: not enough diary or measures to compare.';
		const out = el('div', { class: 'review', id: 'review' },
			el('h4', {}, 'Review' + (r.treatment ? ' of the ' + r.treatment + ' course' : '') + ': ',
				badge(DECISION[r.decision] || ['', r.decision])),
			el('p', { text: plural(r.sessions, 'session') + ' so far' +
				(r.trial ? '; trial checkpoint after ' + r.trial : '; no trial checkpoint set') + '. ' + pain }),
			el('ul', { class: 'reasons' }, r.reasons.map((x) => el('li', { text: x }))));
		if (a)
			out.append(adherenceLine(a));
		return out;
	}

	function adherenceLine(a) {
		const parts = [];
		if (a.due)
			parts.push('attended ' + a.attended + ' of ' + a.due + ' visits due (' + Math.round(a.rate * 100) + ' %)');
		else
			parts.push('no visit due yet');
		if (a.missed)
			parts.push(a.missed + ' missed');
		if (a.upcoming)
			parts.push(a.upcoming + ' upcoming');
		if (a.longest_gap_days)
			parts.push('longest gap ' + a.longest_gap_days + ' days' + (a.planned_gap_days ? ' (planned ' + BR.num(a.planned_gap_days, 0) + ')' : ''));
		const p = el('p', { class: 'adherence' }, el('strong', { text: 'Visit adherence: ' }), parts.join(', ') + '.');
		if (a.long_gaps && a.long_gaps.length)
			p.append(' ', badge(['warn', plural(a.long_gaps.length, 'long gap')]), ' ',
				a.long_gaps.map((g) => BR.fmtDate(g.from) + ' to ' + BR.fmtDate(g.to) + ' (' + g.days + ' days' +
					(g.open ? ', still open' : '') + ')').join('; '));
		return p;
	}

	/* Options with every source side by side. */
	function evidenceView(ctx, plan) {
		const wrap = el('section', { 'aria-labelledby': 'evidence-h' },
			el('h3', { id: 'evidence-h', text: 'Options with the evidence side by side' }),
			el('p', { class: 'small muted', text: 'Each source in its own words: the Cochrane overview grades the certainty ' +
				'of the evidence and recommends nothing; ACP and NICE are guidelines and can disagree. ' +
				'A source with no entry for this phase shows "No recommendation".' }));
		if (!plan.options.length) {
			wrap.append(el('p', { class: 'muted', text: 'No options for this phase.' }));
			return wrap;
		}
		const sources = plan.options[0].evidence.map((e) => e.source);
		const tb = el('tbody');
		for (const o of plan.options) {
			const pos = o.evidence.map((e) => e.position);
			const split = pos.some((x) => FOR.has(x)) && pos.includes('do-not-offer');
			const row = el('tr', { 'data-treatment': o.treatment },
				el('th', { scope: 'row' }, o.label,
					o.matched ? el('div', {}, badge(['ok', 'fits the risk group'])) : null,
					split ? el('div', {}, badge(['warn', 'Guidelines disagree'])) : null));
			for (const e of o.evidence) {
				const cert = e.certainty ? e.certainty.replace('-', ' ') + ' certainty' : 'certainty not graded';
				row.append(el('td', {},
					badge(POSITION[e.position] || ['', e.position]),
					el('div', { class: 'small', text: cert + (e.strength ? ', ' + e.strength + ' recommendation' : '') }),
					el('details', { class: 'finding' }, el('summary', { text: 'Finding' }),
						el('p', { class: 'small', text: e.finding }),
						el('p', { class: 'small muted', text: e.citation }))));
			}
			const add = el('td');
			if (ctx.open)
				add.append(el('button', { type: 'button', class: 'small-button', text: 'Add',
					'aria-label': 'Add ' + o.label + ' to the plan',
					on: { click: () => {
						const f = ctx.$('plan-add');
						f.treatment.value = o.treatment;
						f.treatment.dispatchEvent(new Event('change'));
						f.sessions.focus();
					} } }));
			row.append(add);
			tb.append(row);
		}
		wrap.append(el('div', { class: 'table-wrap' }, el('table', { id: 'evidence' },
			el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Treatment' }),
				sources.map((x) => el('th', { scope: 'col', text: SOURCE[x] || x })), el('th', { scope: 'col' }, el('span', { class: 'visually-hidden', text: 'Action' })))),
			tb)));
		/* The disagreements in words, under the table. */
		const splits = plan.options.filter((o) => {
			const pos = o.evidence.map((e) => e.position);
			return pos.some((x) => FOR.has(x)) && pos.includes('do-not-offer');
		});
		for (const o of splits)
			wrap.append(el('p', { class: 'disagree' }, el('strong', { text: o.label + ': the guidelines disagree. ' }),
				o.evidence.map((e) => (SOURCE[e.source] || e.source) + ': ' + POSITION[e.position][1].toLowerCase() +
					(e.certainty ? ' (' + e.certainty.replace('-', ' ') + ' certainty)' : '')).join('; ') + '.'));
		return wrap;
	}

	function addForm(ctx, plan) {
		const f = el('form', { id: 'plan-add', novalidate: true, class: 'subform' },
			el('h3', { text: 'Add to the plan' }),
			el('div', { class: 'row' },
				field('Treatment', select('treatment', [['', 'Choose…'], ...plan.options.map((o) => [o.treatment, o.label])])),
				field('Sessions', input('sessions', { type: 'number', min: '1', max: '100', inputmode: 'numeric' }), '(empty: default)'),
				field('Per week', input('per_week', { type: 'number', min: '0.5', max: '7', step: '0.5', inputmode: 'decimal' }), '(empty: default)'),
				field('Trial checkpoint after', input('trial', { type: 'number', min: '1', max: '100', inputmode: 'numeric' }), '(sessions)')),
			field('Note', input('note', { type: 'text', maxlength: '500' }), '(optional)'),
			el('p', { class: 'hint', id: 'plan-add-evidence', 'aria-live': 'polite' }),
			el('div', { class: 'msg', role: 'alert', id: 'plan-add-msg' }),
			el('button', { type: 'submit', text: 'Add to the plan' }));
		/* The chosen treatment's evidence again, next to the button. */
		f.treatment.addEventListener('change', () => {
			const o = plan.options.find((x) => x.treatment === f.treatment.value);
			ctx.$('plan-add-evidence').textContent = o ? o.evidence.map((e) =>
				(SOURCE[e.source] || e.source) + ': ' + POSITION[e.position][1].toLowerCase()).join(' · ') : '';
		});
		postForm(f, ctx.$('plan-add-msg') || f.querySelector('.msg'), () => {
			if (!f.treatment.value)
				throw new BR.ApiError(0, 'invalid', 'Choose a treatment.', 'treatment');
			const body = { treatment: f.treatment.value };
			for (const k of ['sessions', 'per_week', 'trial'])
				if (f[k].value !== '')
					body[k] = Number(f[k].value);
			if (f.note.value.trim())
				body.note = f.note.value.trim();
			return ['/api/v1/episodes/' + ctx.ep.id + '/plan', body];
		}, async (it) => {
			await planCard(ctx);
			BR.say(ctx.$('plan-msg'), 'ok', it.label + ' added' + (it.sessions ? ': ' + it.sessions + ' sessions, trial checkpoint after ' + it.trial : '') + '.');
			if (ctx.onPlan)
				ctx.onPlan();
		});
		return f;
	}

	/* The bedtime routine the patient ticks in the diary. */
	function routineView(ctx, plan, vocab) {
		const chosen = new Set(plan.routine.map((r) => r.step));
		const f = el('form', { id: 'routine-form', novalidate: true, class: 'subform' },
			el('fieldset', {}, el('legend', { text: 'Bedtime routine (the patient ticks it in the evening entry)' }),
				el('div', { class: 'checks' }, vocab.routine_steps.map((s) => {
					const id = nextId('rt');
					return el('label', { class: 'check', for: id },
						el('input', { type: 'checkbox', id, name: 'steps', value: s.code, checked: chosen.has(s.code) }), s.label);
				}))),
			el('div', { class: 'msg', role: 'status', 'aria-live': 'polite' }),
			ctx.open && plan.status !== 'refer' ? el('button', { type: 'submit', text: 'Save the routine' }) : null);
		if (!ctx.open || plan.status === 'refer')
			for (const c of f.querySelectorAll('input'))
				c.disabled = true;
		postForm(f, f.querySelector('.msg'), () => {
			const steps = [...f.querySelectorAll('input[name="steps"]:checked')].map((c) => c.value);
			return ['/api/v1/episodes/' + ctx.ep.id + '/plan/routine', { steps: steps.length ? steps : 'none' }];
		}, (out) => {
			BR.say(f.querySelector('.msg'), 'ok', out.routine.length
				? 'Routine saved: ' + plural(out.routine.length, 'step') + '.' : 'Routine cleared.');
		});
		return f;
	}

	/* Home program ---------------------------------------------------------- */
	async function programCard(ctx) {
		const card = ctx.$('program-card');
		const box = BR.clear(ctx.$('program'));
		card.hidden = false;
		const u = '/api/v1/episodes/' + ctx.ep.id;
		let next, lib, pacing;
		try {
			[next, lib, pacing] = await Promise.all([api('GET', u + '/exercises/next'),
				api('GET', '/api/v1/exercises'), api('GET', u + '/pacing/next')]);
		} catch (e) {
			box.append(el('p', { class: 'msg bad', text: e.message }));
			return;
		}
		const level = new Map(lib.flatMap((l) => l.levels.map((v) => [v.id, Object.assign({ ladder: l.label }, v)])));
		const name = (id) => (level.has(id) ? level.get(id).label : BR.words(id));

		const ex = el('section', { 'aria-labelledby': 'ex-h' }, el('h3', { id: 'ex-h', text: 'Exercises' }));
		if (!next.length)
			ex.append(el('p', { class: 'muted', text: 'No exercise assigned yet.' }));
		else
			ex.append(el('div', { class: 'table-wrap' }, el('table', { id: 'exercises' },
				el('thead', {}, el('tr', {}, ['Exercise', 'Prescribed', 'Next step', 'Why'].map((h) => el('th', { scope: 'col', text: h })))),
				el('tbody', {}, next.map((x) => el('tr', {},
					el('th', { scope: 'row' }, name(x.exercise), el('div', { class: 'small muted', text: (level.get(x.exercise) || {}).ladder + ', level ' + x.level })),
					el('td', { text: x.reps + ' reps every ' + plural(x.every, 'day') +
						(x.usual_morning !== null ? '; usual morning pain ' + x.usual_morning : '') }),
					el('td', {}, badge(ADVICE[x.advice] || ['', x.advice]), x.next ? ' ' + name(x.next.exercise) + ', ' +
						x.next.reps + ' reps every ' + plural(x.next.every, 'day') : ''),
					el('td', {}, el('ul', { class: 'reasons small' }, x.reasons.map((r) => el('li', { text: r }))))))))));
		if (ctx.open) {
			const f = el('form', { id: 'assign-form', novalidate: true, class: 'subform' },
				el('div', { class: 'row' },
					field('Exercise', select('exercise', [el('option', { value: '', text: 'Choose…' }),
						...lib.map((l) => el('optgroup', { label: l.label }, l.levels.map((v) =>
							el('option', { value: v.id, text: v.label + ' (' + v.reps + ' reps, every ' + v.every + ' days)' }))))])),
					field('Reps', input('reps', { type: 'number', min: '1', max: '100', inputmode: 'numeric' }), '(empty: default)'),
					field('Every', input('every', { type: 'number', min: '1', max: '14', inputmode: 'numeric' }), '(days; empty: default)')),
				el('div', { class: 'exercise-preview', 'aria-live': 'polite' }),
				el('div', { class: 'msg', role: 'alert' }),
				el('button', { type: 'submit', text: 'Assign the exercise' }));
			/* The chosen exercise's drawing, start and end positions. */
			f.exercise.addEventListener('change', () => {
				const l = lib.find((x) => x.levels.some((v) => v.id === f.exercise.value));
				const box = BR.clear(f.querySelector('.exercise-preview'));
				if (l)
					box.append(BR.exerciseImage(l));
			});
			postForm(f, f.querySelector('.msg'), () => {
				if (!f.exercise.value)
					throw new BR.ApiError(0, 'invalid', 'Choose an exercise.', 'exercise');
				return [u + '/exercises', { exercise: f.exercise.value, reps: numOrUndef(f.reps.value), every: numOrUndef(f.every.value) }];
			}, async (rx) => {
				await programCard(ctx);
				BR.say(ctx.$('program-msg'), 'ok', rx.label + ' assigned: ' + rx.reps + ' reps every ' + plural(rx.every, 'day') + '.');
			});
			ex.append(el('details', { class: 'add' }, el('summary', { text: 'Assign an exercise' }), f));
		}
		box.append(ex);

		const pc = el('section', { 'aria-labelledby': 'pace-h' }, el('h3', { id: 'pace-h', text: 'Pacing' }));
		if (!pacing.length)
			pc.append(el('p', { class: 'muted', text: 'No paced activity yet.' }));
		else
			pc.append(el('div', { class: 'table-wrap' }, el('table', { id: 'pacing' },
				el('thead', {}, el('tr', {}, ['Activity', 'Quota today', 'In the zone', 'Why'].map((h) => el('th', { scope: 'col', text: h })))),
				el('tbody', {}, pacing.map((x) => el('tr', {},
					el('th', { scope: 'row', text: x.activity }),
					el('td', { class: 'num', text: BR.num(x.quota, x.quota % 1 ? 1 : 0) + ' ' + (UNIT[x.unit] || x.unit) }),
					el('td', {}, badge(x.in_zone ? ['ok', 'yes'] : ['', 'not yet']),
						x.boom_bust ? el('div', {}, badge(['warn', 'boom and bust'])) : null),
					el('td', {}, el('ul', { class: 'reasons small' }, x.reasons.map((r) => el('li', { text: r }))))))))));
		if (ctx.open) {
			const f = el('form', { id: 'pace-form', novalidate: true, class: 'subform' },
				el('div', { class: 'row' },
					field('Activity', input('activity', { type: 'text', maxlength: '60', placeholder: 'walking' })),
					field('Unit', select('unit', Object.entries(UNIT))),
					field('Baseline', input('baseline', { type: 'number', min: '0', step: 'any', inputmode: 'decimal' }), '(what the patient manages now)'),
					field('Step', input('step_pct', { type: 'number', min: '10', max: '20', inputmode: 'numeric' }), '(% of baseline; empty: 10)'),
					field('Every', input('every', { type: 'number', min: '1', max: '28', inputmode: 'numeric' }), '(days; empty: 7)')),
				el('div', { class: 'msg', role: 'alert' }),
				el('button', { type: 'submit', text: 'Set the pacing' }));
			postForm(f, f.querySelector('.msg'), () => {
				if (!f.activity.value.trim())
					throw new BR.ApiError(0, 'invalid', 'Name the activity.', 'activity');
				return [u + '/pacing', { activity: f.activity.value.trim(), unit: f.unit.value,
					baseline: numOrUndef(f.baseline.value), step_pct: numOrUndef(f.step_pct.value), every: numOrUndef(f.every.value) }];
			}, async (v) => {
				await programCard(ctx);
				BR.say(ctx.$('program-msg'), 'ok', v.activity + ': quota ' + v.quota + ' ' + (UNIT[v.unit] || v.unit) + ' to start.');
			});
			pc.append(el('details', { class: 'add' }, el('summary', { text: 'Pace an activity' }), f));
		}
		box.append(pc);
	}

	/* Visits -------------------------------------------------------------------- */
	async function visitsCard(ctx) {
		const card = ctx.$('visits-card');
		const box = BR.clear(ctx.$('visits'));
		card.hidden = false;
		const u = '/api/v1/episodes/' + ctx.ep.id;
		let visits, adherence;
		try {
			[visits, adherence] = await Promise.all([api('GET', u + '/visits'), api('GET', u + '/adherence')]);
		} catch (e) {
			box.append(el('p', { class: 'msg bad', text: e.message }));
			return;
		}
		const now = ctx.today;
		const upcoming = visits.filter((v) => v.status === 'booked' && v.date >= now);
		const past = visits.filter((v) => !upcoming.includes(v)).reverse();
		box.append(adherenceLine(adherence));

		/* What the patient said since the last visit, before the next. */
		const next = upcoming[0];
		if (next) {
			const c = next.checkin;
			const sec = el('section', { class: 'checkin-before', 'aria-labelledby': 'ci-h' },
				el('h3', { id: 'ci-h', text: 'Before the next visit (' + BR.fmtDate(next.date) + ' ' + next.time + ')' }));
			if (!c)
				sec.append(el('p', { class: 'muted', text: 'No next-day check-in since the last session.' }));
			else
				sec.append(el('p', {}, 'Check-in after the session of ' + BR.fmtDate(c.session_date) + ': soreness ' + c.soreness +
					' of 10, energy ' + c.energy + ', mood ' + c.mood + ' than before. ',
					c.adverse ? badge(['bad', 'adverse event']) : badge(['ok', 'no adverse event']),
					c.rules.length ? ' ' + c.rules.map((r) => r.label || r.code).join('; ') + '.' : ''),
				c.unusual ? el('p', {}, el('strong', { text: 'Unusual: ' }), c.unusual) : null);
			box.append(sec);
		}

		const table = (id, caption, list, actions) => el('div', { class: 'table-wrap' }, el('table', { id },
			el('caption', { text: caption }),
			el('thead', {}, el('tr', {}, ['When', 'Where', 'Status', actions ? 'Record' : 'Session'].map((h) =>
				el('th', { scope: 'col', text: h })))),
			el('tbody', {}, list.length ? list.map((v) => el('tr', { 'data-visit': String(v.id) },
				el('th', { scope: 'row', text: BR.fmtDate(v.date, { year: 'numeric' }) + ', ' + v.time + '–' + v.end }),
				el('td', { text: v.where === 'home' ? 'home' + (v.address ? ': ' + v.address : v.address_hidden ? ' (address for the practitioner concerned)' : '') : 'clinic' }),
				el('td', {}, badge(STATUS[v.status] || ['', v.status])),
				actions ? actions(v) : el('td', { text: v.session_id ? 'charted' : '—' }))) :
				el('tr', {}, el('td', { colspan: '4', class: 'muted', text: 'None.' })))));
		const act = (v) => {
			const td = el('td');
			if (v.date <= now)
				for (const [verb, words] of [['attend', 'Attended'], ['missed', 'Missed']])
					td.append(el('button', { type: 'button', class: 'small-button', text: words,
						'aria-label': words + ': ' + BR.fmtDate(v.date) + ' ' + v.time, on: { click: () => setStatus(ctx, v, verb) } }), ' ');
			td.append(el('button', { type: 'button', class: 'small-button', text: 'Cancel',
				'aria-label': 'Cancel the visit of ' + BR.fmtDate(v.date) + ' ' + v.time, on: { click: () => setStatus(ctx, v, 'cancel') } }));
			return td;
		};
		box.append(table('visits-upcoming', 'Upcoming', upcoming, ctx.open ? act : null));
		box.append(el('details', {}, el('summary', { text: 'Past and cancelled visits (' + past.length + ')' }),
			table('visits-past', 'Past', past, (v) => {
				if (v.status === 'booked' && ctx.open)
					return act(v);
				return el('td', { text: v.session_id ? 'charted' : '—' });
			})));
		if (ctx.open) {
			box.append(bookForm(ctx), courseForm(ctx));
		}
	}

	async function setStatus(ctx, v, verb) {
		const msg = ctx.$('visits-msg');
		try {
			const out = await api('POST', '/api/v1/episodes/' + ctx.ep.id + '/visits/' + v.id + '/' + verb, {});
			await visitsCard(ctx);
			BR.say(msg, 'ok', 'Visit of ' + BR.fmtDate(out.date) + ' ' + out.time + ': ' + out.status + '.');
		} catch (e) {
			BR.say(msg, 'bad', e.message);
		}
	}

	function placeFields(f) {
		const addr = f.querySelector('.address');
		f.where.addEventListener('change', () => {
			addr.hidden = f.where.value !== 'home';
		});
	}
	function placeBody(f, body) {
		body.where = f.where.value;
		if (f.where.value === 'home')
			body.address = f.address.value.trim();
		if (f.minutes.value !== '')
			body.minutes = Number(f.minutes.value);
		return body;
	}
	function placeControls() {
		return [field('Minutes', input('minutes', { type: 'number', min: '5', max: '480', step: '5', value: '45', inputmode: 'numeric' })),
			field('Where', select('where', [['clinic', 'At the clinic'], ['home', 'At home (house call)']])),
			el('div', { class: 'address', hidden: true }, field('Address', input('address', { type: 'text', maxlength: '400' })))];
	}

	function bookForm(ctx) {
		const f = el('form', { id: 'book-form', novalidate: true, class: 'subform' },
			el('h3', { text: 'Book a visit' }),
			el('div', { class: 'row' },
				field('Date and time', input('at', { type: 'datetime-local', min: ctx.today + 'T00:00', step: '300' })),
				...placeControls()),
			el('div', { class: 'msg', role: 'alert' }),
			el('button', { type: 'submit', text: 'Book the visit' }));
		placeFields(f);
		postForm(f, f.querySelector('.msg'), () => {
			if (!f.at.value)
				throw new BR.ApiError(0, 'invalid', 'Choose the date and time.', 'at');
			return ['/api/v1/episodes/' + ctx.ep.id + '/visits', placeBody(f, { at: f.at.value.slice(0, 16) })];
		}, async (v) => {
			await visitsCard(ctx);
			BR.say(ctx.$('visits-msg'), 'ok', 'Booked: ' + BR.fmtDate(v.date) + ' ' + v.time + '.');
		});
		return f;
	}

	/* The plan's course: propose the dates, then book them all. */
	function courseForm(ctx) {
		const u = '/api/v1/episodes/' + ctx.ep.id + '/visits';
		const out = el('div', { id: 'proposal', 'aria-live': 'polite' });
		const f = el('form', { id: 'course-form', novalidate: true, class: 'subform' },
			el('h3', { text: 'Book the course from the plan' }),
			el('div', { class: 'row' },
				field('First visit', input('start', { type: 'datetime-local', min: ctx.today + 'T00:00', step: '300' }), '(empty: after the last visit, or tomorrow 09:00)'),
				...placeControls()),
			el('div', { class: 'msg', role: 'alert' }),
			el('button', { type: 'submit', text: 'Propose the dates' }), out);
		placeFields(f);
		const msg = f.querySelector('.msg');
		const query = () => {
			const q = placeBody(f, {});
			if (f.start.value)
				q.start = f.start.value.slice(0, 16);
			return q;
		};
		f.addEventListener('submit', async (e) => {
			e.preventDefault();
			BR.clear(out);
			BR.say(msg, '', '');
			const q = query();
			let p;
			try {
				p = await api('GET', u + '/propose?' + new URLSearchParams(q).toString());
			} catch (err) {
				BR.showError(msg, f, err);
				return;
			}
			if (!p.visits.length) {
				out.append(el('p', { class: 'muted', text: 'Every session of the course is booked already.' }));
				return;
			}
			out.append(el('p', { text: (p.treatment ? BR.words(p.treatment) + ': ' : '') + plural(p.visits.length, 'visit') + ', ' +
				(p.per_week === 1 ? 'once' : p.per_week === 2 ? 'twice' : p.per_week) + ' a week, ' + p.minutes + ' minutes each.' }),
			el('ol', { class: 'proposal' }, p.visits.map((v) => el('li', {},
				BR.fmtDate(v.date, { year: 'numeric' }) + ', ' + v.time + '–' + v.end,
				v.conflict ? el('span', {}, ' ', badge(['bad', 'overlaps']), ' another visit ' + v.conflict.time + '–' + v.conflict.end) : null))));
			if (p.conflicts) {
				out.append(el('p', { class: 'msg bad', text: plural(p.conflicts, 'date') + ' overlap other visits: choose another first visit.' }));
				return;
			}
			const book = el('button', { type: 'button', class: 'primary', text: 'Book these ' + plural(p.visits.length, 'visit') });
			book.addEventListener('click', async () => {
				book.disabled = true;
				try {
					const body = query();
					body.start = p.visits[0].start;
					const got = await api('POST', u + '/course', body);
					await visitsCard(ctx);
					BR.say(ctx.$('visits-msg'), 'ok', 'Booked ' + plural(got.visits.length, 'visit') + ' of the course.');
				} catch (err) {
					book.disabled = false;
					BR.say(msg, 'bad', err.message);
				}
			});
			out.append(book);
		});
		return f;
	}

	/* Corrections ------------------------------------------------------------- */
	/* A row of the chart (data-kind "session" or "diary_day", data-key
	 * its id or date) whose record was corrected gets a "corrected"
	 * button beside its first cell; the button shows the record's
	 * versions in a row under it: when, what, by whom, from where and
	 * why.  A record entered in error is in no table to mark. */
	const ACTION = { correct: 'Corrected', amend: 'Amended', sign: 'Signed', void: 'Entered in error' };
	const show = (v) => (v === null || v === undefined ? 'empty'
		: Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : String(v));
	function versionLine(v) {
		const changes = Object.entries(v.changes || {}).map(([k, c]) =>
			k.replace(/_/g, ' ') + ' ' + show(c.from) + ' → ' + show(c.to));
		const at = v.at ? BR.fmtDate(v.at.slice(0, 10), { year: 'numeric' }) + ' ' + v.at.slice(11, 16) + ' UTC' : '';
		return el('li', {},
			el('strong', { text: 'Version ' + v.version + ': ' + (ACTION[v.action] || v.action) }),
			' ' + at + ' by ' + v.by + (v.origin ? ' (from ' + v.origin + ')' : '') +
			(changes.length ? ': ' + changes.join('; ') : '') + '.',
			v.reason ? el('span', { class: 'muted', text: ' Why: ' + v.reason }) : null);
	}
	function historyUrl(pid, kind, key) {
		return '/api/v1/patients/' + pid + (kind === 'session' ? '/sessions/' : '/diary/') + key + '/history';
	}
	function markRow(pid, tr, rec) {
		const cell = tr.querySelector('th, td');
		const panel = nextId('history');
		const b = el('button', { type: 'button', class: 'link-button', 'aria-expanded': 'false',
			'aria-controls': panel, text: 'corrected',
			'aria-label': 'corrected: show the versions (' + rec.version + ')' });
		let row = null;
		b.addEventListener('click', async () => {
			if (row) {
				const open = row.hidden;
				row.hidden = !open;
				b.setAttribute('aria-expanded', String(open));
				return;
			}
			b.disabled = true;
			const box = el('div', { class: 'small' });
			row = el('tr', { id: panel, class: 'history' }, el('td', { colspan: String(tr.cells.length) }, box));
			tr.after(row);
			try {
				const h = await api('GET', historyUrl(pid, tr.dataset.kind, tr.dataset.key));
				box.append(el('p', { text: 'Now at version ' + h.version + (h.signed ? ', signed' : '') +
					'. Version 1 is the record as first written; each later version says what changed from the one before.' }),
				el('ol', { class: 'versions' }, h.versions.map(versionLine)));
			} catch (err) {
				box.append(el('p', { class: 'msg bad', text: err.message }));
			}
			b.disabled = false;
			b.setAttribute('aria-expanded', 'true');
		});
		cell.append(' ', b);
	}
	BR.markCorrected = async (pid, tables) => {
		let got;
		try {
			got = await api('GET', '/api/v1/patients/' + pid + '/corrected');
		} catch (e) {
			return; /* the chart is whole without the marks */
		}
		const byKey = new Map(got.records.map((r) => [r.kind + '/' + (r.date || r.id), r]));
		for (const t of tables)
			for (const tr of t.querySelectorAll('tr[data-kind]')) {
				const r = byKey.get(tr.dataset.kind + '/' + tr.dataset.key);
				if (r)
					markRow(pid, tr, r);
			}
	};

	/* Entry point --------------------------------------------------------------- */
	BR.careChart = async (ctx) => {
		ctx.$ = (id) => document.getElementById(id);
		ctx.$('guideline').addEventListener('change', () => planCard(ctx));
		await Promise.all([planCard(ctx), programCard(ctx), visitsCard(ctx)]);
	};
})();
