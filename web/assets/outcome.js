/*
 * outcome.js - the outcome part of the practitioner's chart: the
 * episode's outcome (the diary's baseline week against the latest week,
 * the change, the responder flags and how complete each week is; the
 * questionnaires' change; how sessions landed, with the caveat), the
 * patient's pain-sleep pattern in the analysis's own words, and the
 * one-page report as HTML and as PDF.
 *
 * Every figure is the server's: a mean the API gives as null (fewer than
 * 3 of the 7 days reported) is shown as "not enough days", never
 * estimated here.  chart.js calls BR.outcomeChart(ctx) once the patient's
 * current episode is known.
 */
'use strict';

(() => {
	const el = BR.el;

	const FIGURE = {
		pain: ['Pain', (v) => BR.num(v) + ' / 10'],
		tst_min: ['Asleep a night', (v) => BR.hm(v)],
		se_pct: ['Sleep efficiency', (v) => BR.num(v) + ' %'],
		sleep_quality: ['Sleep quality', (v) => BR.num(v) + ' of 4 (' + BR.qualityWord(v) + ')'],
		awakenings: ['Awakenings', (v) => BR.num(v) + ' a night'],
	};

	/* "9.2 / 10 (6 of 7 days)" or "not enough days (2 of 7)". */
	function meanText(name, m) {
		if (!m || !m.days)
			return '—';
		const days = m.days_reported + ' of ' + m.days + ' days';
		if (m.mean === null || m.mean === undefined)
			return 'not enough days (' + days + ')';
		return FIGURE[name][1](m.mean) + ' (' + days + ')';
	}

	function windowText(label, w) {
		if (!w.defined)
			return label + ': ' + (w.reason || 'not defined yet') + '.';
		return label + ': ' + BR.fmtDate(w.from, { year: 'numeric' }) + ' to ' +
			BR.fmtDate(w.to, { year: 'numeric' }) + ' (' + w.rule + '), ' + w.diary_days + ' of ' +
			w.days + ' days reported (' + Math.round(100 * w.completeness) + ' %).';
	}

	/* The change of one figure in words, with the responder flags of
	 * pain; a badge word, never colour alone. */
	function changeCells(name, f) {
		const c = f.change;
		if (!c)
			return [el('td', { text: '—' }), el('td', {}, el('span', { class: 'badge', text: 'not assessed' }), ' ',
				el('span', { class: 'small muted', text: f.not_assessed || '' }))];
		/* The server's one wording of a change: "up 0.3 points (4 % worse)". */
		const changeText = c.words;
		if (name !== 'pain')
			return [el('td', { class: 'num', text: changeText }),
				el('td', { class: 'small', text: (c.direction ? c.direction : '') + (c.note ? ' — ' + c.note : '') })];
		if (c.cannot_assess)
			return [el('td', { class: 'num', text: changeText }),
				el('td', {}, el('span', { class: 'badge warn', text: 'cannot assess' }), ' ',
					el('span', { class: 'small', text: c.reason || '' }))];
		const resp = c.responder_points || c.responder_percent;
		const by = [c.responder_points ? 'by points' : null, c.responder_percent ? 'by percent' : null].filter(Boolean);
		const mcid = f.mcid ? 'threshold ' + f.mcid.points + ' points or ' + f.mcid.percent + ' %' : '';
		return [el('td', { class: 'num', text: changeText }),
			el('td', { 'data-responder': resp ? 'yes' : 'no' },
				el('span', { class: 'badge ' + (resp ? 'ok' : 'warn'), text: resp ? 'Responder' : 'Not a responder' }), ' ',
				el('span', { class: 'small', text: (resp ? by.join(' and ') + '; ' : '') +
					(c.tier_words || '') + (mcid ? '; ' + mcid : '') }))];
	}

	function outcomeCard(out) {
		const box = BR.clear(document.getElementById('outcome'));
		const d = out.diary;
		box.append(el('p', { class: 'small', text: windowText('Baseline', d.baseline) }),
			el('p', { class: 'small', text: windowText('Latest', d.latest) }));
		const rows = d.figures.map((f) => el('tr', { 'data-figure': f.figure },
			el('th', { scope: 'row', text: FIGURE[f.figure] ? FIGURE[f.figure][0] : BR.words(f.figure) }),
			el('td', { class: 'num', text: meanText(f.figure, f.baseline) }),
			el('td', { class: 'num', text: meanText(f.figure, f.latest) }),
			...changeCells(f.figure, f)));
		box.append(el('div', { class: 'table-wrap' }, el('table', { id: 'outcome-figures' },
			el('caption', { text: 'Diary, 7-day means after ' + out.sessions + (out.sessions === 1 ? ' session' : ' sessions') +
				' (as of ' + BR.fmtDate(out.as_of, { year: 'numeric' }) + ')' }),
			el('thead', {}, el('tr', {}, ['Figure', 'Baseline', 'Latest', 'Change', 'Assessment'].map((h) =>
				el('th', { scope: 'col', text: h })))),
			el('tbody', {}, rows))));
		const instr = out.instruments.filter((i) => i.given > 0);
		if (instr.length)
			box.append(el('div', { class: 'table-wrap' }, el('table', { id: 'outcome-instruments' },
				el('caption', { text: 'Questionnaires, first score against the latest' }),
				el('thead', {}, el('tr', {}, ['Questionnaire', 'First', 'Latest', 'Change'].map((h) =>
					el('th', { scope: 'col', text: h })))),
				el('tbody', {}, instr.map((i) => {
					const score = (m) => (m && m.score !== null && m.score !== undefined ? String(m.score) +
						' (' + BR.fmtDate(m.date, { year: 'numeric' }) + ')' : '—');
					const c = i.change;
					const change = c ? c.words +
						(c.tier_words ? ', ' + c.tier_words : '') +
						(c.responder_points || c.responder_percent ? ', responder' : c.cannot_assess ? ', cannot assess' : '')
						: (i.not_assessed || '—');
					return el('tr', {},
						el('th', { scope: 'row', text: i.name || i.instrument }),
						el('td', { text: score(i.baseline) }),
						el('td', { text: score(i.latest) }),
						el('td', { text: change }));
				})))));
		if (out.landing && out.landing.caveat)
			box.append(el('p', { class: 'small muted', id: 'outcome-caveat', text: out.landing.caveat }));
	}

	/* The pattern sentence exactly as the analysis words it. */
	function patternLine(a) {
		const box = BR.clear(document.getElementById('pattern'));
		box.append(el('h3', { text: 'Pain–sleep pattern' }),
			el('p', { id: 'pattern-sentence', text: a.sentence }),
			el('p', { class: 'small muted', text: a.days ? 'From ' + BR.fmtDate(a.from, { year: 'numeric' }) + ' to ' +
				BR.fmtDate(a.to, { year: 'numeric' }) + ': ' + a.paired_days + ' days with both a sleep and a pain rating.' : '' }));
	}

	/* The one-page report: HTML to read or print, PDF to hand over. */
	function reportCard(ep, today) {
		const box = BR.clear(document.getElementById('report'));
		const base = '/api/v1/episodes/' + ep.id + '/report';
		const since = el('input', { id: 'report-since', name: 'since', type: 'date', value: BR.addDays(today, -28), max: today });
		const newTab = () => el('span', { class: 'visually-hidden', text: ', opens in a new tab' });
		const html = el('a', { id: 'report-html', class: 'button', target: '_blank', rel: 'noopener' },
			'Open the report (HTML)', newTab());
		const pdf = el('a', { id: 'report-pdf', class: 'button', target: '_blank', rel: 'noopener' },
			'Open the report (PDF)', newTab());
		function links() {
			const q = since.value && /^\d{4}-\d{2}-\d{2}$/.test(since.value) ? '&since=' + since.value : '';
			html.href = base + '?format=html' + q;
			pdf.href = base + '?format=pdf' + q;
		}
		since.addEventListener('change', links);
		links();
		box.append(el('p', { text: 'The one-page summary of this episode as of ' + BR.fmtLongDate(today) +
				': outcome, red-flag status, treatments, visit adherence and the plan, for the patient, ' +
				'the referring doctor or the clinic\u2019s file.' }),
			el('div', { class: 'field inline-field' }, el('label', { for: 'report-since', text: 'List treatments from' }), since),
			el('div', { class: 'actions' }, html, pdf));
	}

	/* ctx: {ep, patient, today}.  Resolves when every card is drawn. */
	BR.outcomeChart = async function (ctx) {
		const { ep, patient, today } = ctx;
		const [out, analysis] = await Promise.all([
			BR.api('GET', '/api/v1/episodes/' + ep.id + '/outcome').catch((e) => e),
			BR.api('GET', '/api/v1/patients/' + patient.id + '/analysis/sleep-pain').catch((e) => e),
		]);
		document.getElementById('outcome-card').hidden = false;
		if (out instanceof Error)
			BR.say(document.getElementById('outcome-msg'), 'bad', out.message);
		else
			outcomeCard(out);
		if (!(analysis instanceof Error))
			patternLine(analysis);
		document.getElementById('report-card').hidden = false;
		reportCard(ep, today);
	};
})();
