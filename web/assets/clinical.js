/*
 * clinical.js - building blocks of the practitioner pages for the
 * clinical records: questionnaires drawn from their instrument
 * definitions (GET /api/v1/instruments/definition, scored by POST
 * /api/v1/score: the page never computes a score), the red-flag
 * checklist (GET /api/v1/red-flags) and a screen's result, the TCM
 * assessment panel (GET /api/v1/tcm/vocabulary) and a few formatters.
 * Text only, through BR.el, like every page.
 */
'use strict';

(() => {
	const el = BR.el;

	/* "above-knee" -> "above knee" */
	BR.words = (code) => (code === null || code === undefined ? '—' : String(code).replace(/-/g, ' '));

	/* Instrument definitions, fetched once per page. */
	const defs = new Map();
	BR.instrument = async (id) => {
		if (!defs.has(id))
			defs.set(id, BR.api('GET', '/api/v1/instruments/definition?instrument=' + encodeURIComponent(id)));
		return defs.get(id);
	};

	/* The band of a score in words, from the definition. */
	BR.bandLabel = (def, band) => {
		const b = (def.bands || []).find((x) => x.id === band);
		return b ? b.label || BR.words(b.id) : band ? BR.words(band) : '';
	};

	/*
	 * A questionnaire as a fieldset: one radio group per item (codes with
	 * the definition's anchor labels) or a number field for long scales.
	 * When every item is answered the API scores it and the result shows
	 * under the items.  Returns {node, def, answers(), answered(),
	 * reset()}.
	 */
	BR.questionnaire = (def, opts) => {
		opts = opts || {};
		const id = def.id;
		const node = el('fieldset', { class: 'questionnaire', id: 'q-' + id, 'data-instrument': id });
		node.append(el('legend', { text: opts.title || def.name }));
		node.append(el('p', { class: 'hint', text: 'About ' + def.recall + '. ' +
			(def.licence && def.licence.wording === 'labels-only'
				? 'Short labels: ask with the licensed wording.' : '') }));
		const getters = [];
		def.items.forEach((it, i) => {
			const r = it.responses || def.responses;
			const name = 'q-' + id + '-' + (i + 1);
			const question = (i + 1) + '. ' + (it.text || it.label);
			const anchors = new Map(r.anchors.map((a) => [a.code, a]));
			const n = r.max - r.min + 1;
			if (n <= 11) {
				const all = anchors.size === n;
				const group = el('fieldset', { class: 'item' }, el('legend', { text: question }));
				const choices = el('div', { class: 'choices' + (all ? '' : ' numbers') });
				for (let c = r.min; c <= r.max; c++) {
					const a = anchors.get(c);
					const rid = name + '-' + c;
					choices.append(el('input', { type: 'radio', name, id: rid, value: String(c) }),
						el('label', { class: 'choice', for: rid,
							'aria-label': a ? c + ', ' + a.label : String(c) },
						String(c), all && a ? el('small', { text: a.label }) : null));
				}
				group.append(choices);
				if (!all)
					group.append(el('p', { class: 'anchors' }, r.anchors.map((a) =>
						el('span', { text: a.code + ' ' + a.label }))));
				node.append(group);
				getters.push(() => {
					const c = group.querySelector('input:checked');
					return c ? Number(c.value) : null;
				});
			} else {
				const input = el('input', { type: 'number', id: name, name, inputmode: 'numeric',
					min: String(r.min), max: String(r.max) });
				node.append(el('div', { class: 'field item' },
					el('label', { for: name }, question, el('span', { class: 'hint', text: ' (' +
						r.anchors.map((a) => a.code + ' ' + a.label).join(', ') + ')' })), input));
				getters.push(() => (input.value.trim() === '' ? null : Number(input.value)));
			}
		});
		const out = el('p', { class: 'score', 'aria-live': 'polite' });
		node.append(out);
		const answers = () => getters.map((g) => g());
		const answered = () => answers().filter((a) => a !== null).length;
		let seq = 0;
		node.addEventListener('change', async () => {
			const a = answers();
			const mine = ++seq;
			if (a.some((x) => x === null)) {
				out.textContent = answered() + ' of ' + a.length + ' answered.';
				return;
			}
			try {
				const s = await BR.api('POST', '/api/v1/score', { instrument: id, answers: a });
				if (mine === seq)
					out.textContent = BR.scoreWords(def, s);
			} catch (e) {
				if (mine === seq)
					out.textContent = 'Problem: ' + e.message;
			}
		});
		return {
			node, def, answers, answered,
			reset() {
				for (const i of node.querySelectorAll('input'))
					if (i.type === 'radio')
						i.checked = false;
					else
						i.value = '';
				out.textContent = '';
			},
		};
	};

	/* "Score 9 of 9: high risk (total 4-9, psychosocial 4-5)" */
	BR.scoreWords = (def, s) => {
		if (s.score === null)
			return 'Not scored: ' + (s.notes && s.notes.length ? s.notes.join(' ') : 'too few answers') + '.';
		let t = 'Score ' + s.score;
		if (s.band)
			t += ': ' + BR.bandLabel(def, s.band);
		for (const [k, v] of Object.entries(s.subscores || {}))
			if (v !== null)
				t += '; ' + BR.words(k) + ' ' + v;
		return t + '.';
	};

	/* Red flags ------------------------------------------------------------- */

	const SUSPECTS = {
		'cauda-equina': 'Cauda equina syndrome',
		'spinal-cord': 'Spinal cord compression',
		infection: 'Spinal infection',
		malignancy: 'Cancer',
		fracture: 'Fracture',
		'neurological-deficit': 'Neurological deficit',
		inflammatory: 'Inflammatory disease',
	};

	/*
	 * The red-flag screen: "none found" or the flags found, grouped by
	 * what they suggest, each with the tier it calls for on its own.
	 * value(): null (not answered), 'none', or an array of ids ([] when
	 * "found" is chosen without a flag ticked).
	 */
	BR.flagChecklist = (flags, opts) => {
		opts = opts || {};
		const prefix = opts.prefix || 'rf';
		const node = el('fieldset', { class: 'redflags', id: prefix + '-screen', 'data-field': 'flags' });
		node.append(el('legend', { text: opts.legend || 'Red-flag screen' }));
		if (opts.hint)
			node.append(el('p', { class: 'hint', text: opts.hint }));
		const noneR = el('input', { type: 'radio', name: prefix + '-answer', id: prefix + '-none', value: 'none' });
		const someR = el('input', { type: 'radio', name: prefix + '-answer', id: prefix + '-some', value: 'some' });
		node.append(el('div', { class: 'row' },
			el('label', { class: 'check', for: prefix + '-none' }, noneR, opts.noneLabel || 'No red flags found'),
			el('label', { class: 'check', for: prefix + '-some' }, someR, opts.someLabel || 'Red flags found')));
		const list = el('div', { class: 'flag-groups' });
		const groups = new Map();
		for (const f of flags) {
			if (f.derived)
				continue;
			if (!groups.has(f.suspects))
				groups.set(f.suspects, []);
			groups.get(f.suspects).push(f);
		}
		for (const [g, fs] of groups) {
			const box = el('fieldset', { class: 'flag-group' },
				el('legend', { text: SUSPECTS[g] || BR.words(g) }));
			for (const f of fs) {
				const fid = prefix + '-' + f.id;
				box.append(el('label', { class: 'check', for: fid },
					el('input', { type: 'checkbox', id: fid, name: prefix + '-flag', value: f.id }),
					f.label,
					el('span', { class: 'badge ' + (f.tier === 'emergency' ? 'bad' : 'warn'),
						text: f.tier === 'emergency' ? 'emergency' : 'urgent' })));
			}
			list.append(box);
		}
		node.append(list);
		const checked = () => [...node.querySelectorAll('input[name="' + prefix + '-flag"]:checked')].map((c) => c.value);
		node.addEventListener('change', (e) => {
			if (e.target.name === prefix + '-flag' && e.target.checked)
				someR.checked = true;
			if (e.target === noneR)
				for (const c of node.querySelectorAll('input[name="' + prefix + '-flag"]'))
					c.checked = false;
		});
		return {
			node,
			value() {
				if (noneR.checked)
					return 'none';
				if (someR.checked)
					return checked();
				return null;
			},
			focus() {
				noneR.focus();
			},
			reset() {
				for (const i of node.querySelectorAll('input'))
					i.checked = false;
			},
		};
	};

	const TIER_WORDS = { none: 'No red flags', urgent: 'Urgent referral', emergency: 'Emergency referral' };
	BR.tierBadge = (tier, extra) => el('span', {
		class: 'badge ' + (tier === 'emergency' ? 'bad' : tier === 'urgent' ? 'warn' : 'ok'),
		text: (TIER_WORDS[tier] || BR.words(tier)) + (extra ? ' ' + extra : ''),
	});

	/* A screen's result: tier, the action for the practitioner, the
	 * reasons, and the safety net to give the patient. */
	BR.screenResult = (screen) => {
		const bad = screen.tier !== 'none';
		const box = el('div', { class: 'screen-result' + (bad ? ' urgent card' : '') });
		box.append(el(bad ? 'h2' : 'p', {}, BR.tierBadge(screen.tier), ' ',
			bad ? 'Stop: this patient needs ' + (screen.tier === 'emergency' ? 'emergency' : 'urgent') +
				' medical assessment' : 'screened ' + BR.fmtDate(screen.date, { year: 'numeric' })));
		box.append(el('p', { class: 'action', text: screen.action }));
		if (screen.reasons && screen.reasons.length)
			box.append(el('ul', {}, screen.reasons.map((r) => el('li', { text: r }))));
		box.append(el('p', { class: 'safety-net' }, el('strong', { text: 'Tell the patient: ' }), screen.safety_net));
		return box;
	};

	/* TCM assessment -------------------------------------------------------- */

	const PULSE_KEY = (pos) => (pos === 'overall' ? 'pulse' : 'pulse_' + pos.replace('-', '_'));
	const PULSE_SLOTS = 3;

	/*
	 * The TCM panel: tongue, pulse per position, eight principles,
	 * patterns, treatment principle.  fill(a) loads an assessment;
	 * collect(last) returns the body for POST .../tcm: the fields shown,
	 * and, when the form started from last, "from_last" with "clear" for
	 * what was taken away, so the record equals the form and keeps
	 * "prefilled_from".
	 */
	BR.tcmPanel = (vocab) => {
		const node = el('div', { class: 'tcm' });
		const opt = (v, text) => el('option', { value: v, text });
		const label = (x) => x.label || x.name || BR.words(x.code);
		const withZh = (x) => label(x) + (x.zh ? ' ' + x.zh : '');
		const select = (id, name, items, lab) => {
			const s = el('select', { id, name }, opt('', 'Not recorded'),
				items.map((x) => (typeof x === 'string' ? opt(x, BR.words(x)) : opt(x.code, withZh(x)))));
			return el('div', { class: 'field' }, el('label', { for: id, text: lab }), s);
		};
		const checks = (name, items, legend) => el('fieldset', { 'data-field': name },
			el('legend', { text: legend }),
			el('div', { class: 'checks' }, items.map((x) => {
				const code = typeof x === 'string' ? x : x.code;
				const id = 'tcm-' + name + '-' + code;
				return el('label', { class: 'check', for: id },
					el('input', { type: 'checkbox', id, name, value: code }),
					typeof x === 'string' ? BR.words(x) : withZh(x));
			})));
		const text = (id, name, lab, max) => el('div', { class: 'field' },
			el('label', { for: id, text: lab }),
			el('input', { type: 'text', id, name, maxlength: String(max || 500), autocomplete: 'off' }));

		const tongue = el('fieldset', {}, el('legend', { text: 'Tongue' }),
			el('div', { class: 'row' },
				select('tcm-tongue_colour', 'tongue_colour', vocab.tongue_colours, 'Body colour'),
				select('tcm-tongue_moisture', 'tongue_moisture', vocab.fixed.tongue_moisture, 'Moisture')),
			checks('tongue_shape', vocab.tongue_shapes, 'Shape and features'),
			checks('tongue_coat', vocab.tongue_coats, 'Coat'),
			text('tcm-tongue_note', 'tongue_note', 'Tongue note'));

		const POS = vocab.fixed.pulse_positions;
		const rows = POS.map((pos) => {
			const key = PULSE_KEY(pos);
			const cells = [];
			for (let i = 0; i < PULSE_SLOTS; i++)
				cells.push(el('td', {}, el('select', {
					name: key, 'data-slot': String(i), id: 'tcm-' + key + '-' + i,
					'aria-label': (pos === 'overall' ? 'Overall pulse' : 'Pulse ' + BR.words(pos)) + ', quality ' + (i + 1),
				}, opt('', '—'), vocab.pulse_qualities.map((q) => opt(q.code, withZh(q))))));
			return el('tr', {}, el('th', { scope: 'row', text: pos === 'overall' ? 'Overall' : BR.words(pos) }), cells);
		});
		const pulse = el('fieldset', {}, el('legend', { text: 'Pulse' }),
			el('div', { class: 'table-wrap' }, el('table', { class: 'pulse' },
				el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Position' }),
					[1, 2, 3].map((i) => el('th', { scope: 'col', text: 'Quality ' + i })))),
				el('tbody', {}, rows))),
			el('div', { class: 'row' },
				el('div', { class: 'field' }, el('label', { for: 'tcm-pulse_rate', text: 'Rate (beats a minute)' }),
					el('input', { type: 'number', id: 'tcm-pulse_rate', name: 'pulse_rate', min: '30', max: '200', inputmode: 'numeric' })),
				text('tcm-pulse_note', 'pulse_note', 'Pulse note')));

		const diff = el('fieldset', {}, el('legend', { text: 'Differentiation' }),
			checks('eight_principles', vocab.fixed.eight_principles, 'Eight principles'),
			checks('patterns', vocab.patterns, 'Patterns'),
			text('tcm-pattern_note', 'pattern_note', 'Pattern note'),
			text('tcm-treatment_principle', 'treatment_principle', 'Treatment principle'));
		node.append(tongue, pulse, diff);

		const SCALARS = ['tongue_colour', 'tongue_moisture', 'tongue_note', 'pulse_rate', 'pulse_note',
			'pattern_note', 'treatment_principle'];
		const LISTS = ['tongue_shape', 'tongue_coat', 'eight_principles', 'patterns'];
		const PULSES = POS.map(PULSE_KEY);
		const q = (name) => node.querySelector('[name="' + name + '"]');

		function read() {
			const v = {};
			for (const k of SCALARS) {
				const s = q(k).value.trim();
				v[k] = s === '' ? null : k === 'pulse_rate' ? Number(s) : s;
			}
			for (const k of LISTS)
				v[k] = [...node.querySelectorAll('input[name="' + k + '"]:checked')].map((c) => c.value);
			for (const k of PULSES) {
				const seen = [];
				for (const s of node.querySelectorAll('select[name="' + k + '"]'))
					if (s.value && !seen.includes(s.value))
						seen.push(s.value);
				v[k] = seen;
			}
			return v;
		}
		const empty = (x) => x === null || x === undefined || (Array.isArray(x) && !x.length);
		return {
			node,
			fill(a) {
				for (const k of SCALARS)
					q(k).value = a[k] === null || a[k] === undefined ? '' : String(a[k]);
				for (const k of LISTS) {
					const have = (a[k] || []).map((x) => (typeof x === 'string' ? x : x.code));
					for (const c of node.querySelectorAll('input[name="' + k + '"]'))
						c.checked = have.includes(c.value);
				}
				for (const k of PULSES) {
					const have = a[k] || [];
					node.querySelectorAll('select[name="' + k + '"]').forEach((s, i) => {
						s.value = have[i] || '';
					});
				}
			},
			hasFindings() {
				return Object.values(read()).some((x) => !empty(x));
			},
			collect(last) {
				const v = read();
				const body = {};
				const clear = [];
				for (const [k, x] of Object.entries(v)) {
					if (!empty(x))
						body[k] = x;
					else if (last && !empty(last[k]))
						clear.push(k);
				}
				if (last) {
					body.from_last = true;
					if (clear.length)
						body.clear = clear;
				}
				return body;
			},
		};
	};

	/* A TCM assessment in one line: "pale tongue, thin white coat; pulse
	 * deep, weak; kidney yang deficiency". */
	BR.tcmSummary = (a) => {
		const parts = [];
		const tongue = [a.tongue_colour, ...(a.tongue_shape || [])].filter(Boolean).map(BR.words);
		if (tongue.length)
			parts.push('tongue ' + tongue.join(', ') + ((a.tongue_coat || []).length
				? ', ' + a.tongue_coat.map(BR.words).join(' ') + ' coat' : ''));
		const pulse = a.pulse && a.pulse.length ? a.pulse
			: [...new Set(['pulse_left_cun', 'pulse_left_guan', 'pulse_left_chi', 'pulse_right_cun',
				'pulse_right_guan', 'pulse_right_chi'].flatMap((k) => a[k] || []))];
		if (pulse.length)
			parts.push('pulse ' + pulse.map(BR.words).join(', '));
		if ((a.patterns || []).length)
			parts.push(a.patterns.map((p) => p.name || BR.words(p.code)).join(', '));
		if (a.treatment_principle)
			parts.push(a.treatment_principle);
		return parts.join('; ') || '—';
	};
})();
