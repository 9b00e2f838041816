/*
 * invite.js - one-time links in the browser: the "Invite to the diary"
 * panel on a patient's chart, and what the administration page uses to
 * show a new link (the link to copy, its QR code, a printable one-page
 * letter).  A link is shown only when it is made: the server keeps only
 * its hash.  The QR code is the server's SVG, shown as an image (never
 * as markup); the letter is built here with text nodes and printed
 * alone (@media print, body.printing-letter).
 *
 * Exposes one global, BRI.
 */
'use strict';

const BRI = (() => {
	const el = BR.el;

	const STATE = {
		open: 'not used yet',
		used: 'used: the account exists',
		expired: 'expired unused',
		revoked: 'withdrawn',
	};

	function qrImage(svg, cls) {
		return el('img', {
			class: cls || 'qr',
			src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg),
			alt: 'QR code of the link',
		});
	}

	/* The printable letter (one page), replacing any earlier one. */
	function letter(inv, clinic) {
		const old = document.getElementById('letter');
		if (old)
			old.remove();
		const who = inv.name || inv.email;
		const reset = inv.kind === 'reset';
		const text = reset
			? 'Your password was reset. Open the link below, or scan the code with ' +
			  'your phone\'s camera, and choose a new password.'
			: inv.purpose === 'previsit'
				? 'Before your first visit, your practitioner asks you some questions ' +
				  'about your back pain, your sleep and your health. Open the link below, ' +
				  'or scan the code with your phone\'s camera, choose a password and answer ' +
				  'them on your phone; you can stop and carry on later. You then sign in ' +
				  'with your email address and that password.'
			: inv.role === 'patient'
				? 'Your practitioner invites you to keep your sleep and pain diary ' +
				  'online. Open the link below, or scan the code with your phone\'s ' +
				  'camera, and choose a password. You then sign in with your email ' +
				  'address and that password.'
				: 'You are invited to use backrest. Open the link below, or scan the ' +
				  'code, and choose a password. You then sign in with your email ' +
				  'address and that password.';
		const page = el('section', { id: 'letter', class: 'letter', 'aria-hidden': 'true' },
			clinic ? el('p', { text: clinic }) : null,
			el('h1', { text: (reset ? 'A new password for ' : 'Your invitation, ') + who }),
			el('p', { text }),
			qrImage(inv.qr_svg, 'letter-qr'),
			el('p', { class: 'letter-link', text: inv.link }),
			el('p', {}, 'Sign-in email: ', el('strong', { text: inv.email })),
			el('p', { text: 'The link works once, until ' + inv.expires_at + '. Keep this ' +
				'page private: whoever has the link can use it. If it has expired, ask ' +
				'for a new one.' }));
		document.body.append(page);
		return page;
	}

	function printLetter(inv, clinic) {
		letter(inv, clinic);
		document.body.classList.add('printing-letter');
		const done = () => {
			document.body.classList.remove('printing-letter');
			window.removeEventListener('afterprint', done);
		};
		window.addEventListener('afterprint', done);
		window.print();
	}

	/* A new link in box: to copy, as a QR code, as a letter. */
	function show(box, inv, clinic) {
		BR.clear(box);
		const field = el('input', { id: 'invite-link', type: 'text', readonly: true,
			value: inv.link, 'aria-describedby': 'invite-link-hint' });
		const copied = el('span', { class: 'small muted', role: 'status' });
		box.append(el('div', { class: 'invite-result' },
			el('p', { class: 'msg ok', text: 'Link made for ' + (inv.name || inv.email) +
				' (' + inv.email + '). It works once, until ' + inv.expires_at + '.' }),
			el('div', { class: 'field' },
				el('label', { for: 'invite-link', text: 'The link (shown only now)' }),
				field,
				el('p', { id: 'invite-link-hint', class: 'small muted',
					text: 'Give it only to this person: whoever has it can use it.' })),
			el('div', { class: 'invite-row' },
				qrImage(inv.qr_svg),
				el('div', { class: 'invite-buttons' },
					el('button', { type: 'button', class: 'small-button', text: 'Copy the link',
						on: { click: async () => {
							field.select();
							try {
								await navigator.clipboard.writeText(inv.link);
								copied.textContent = 'Copied.';
							} catch (e) {
								copied.textContent = 'Selected: copy it with your keyboard.';
							}
						} } }),
					el('button', { type: 'button', class: 'small-button primary',
						text: 'Print the letter', on: { click: () => printLetter(inv, clinic) } }),
					copied))));
		letter(inv, clinic);
	}

	function stateText(v) {
		return STATE[v.state] || v.state;
	}

	/* The chart's panel ------------------------------------------------ */

	async function chart() {
		const card = document.getElementById('invite-card');
		const open = document.getElementById('invite');
		const id = BR.idParam('id');
		if (!card || !open || !id)
			return;
		const form = document.getElementById('invite-form');
		const msg = document.getElementById('invite-msg');
		const result = document.getElementById('invite-result');
		const list = document.getElementById('invite-list');
		let s;
		try {
			s = await BR.api('GET', '/api/v1/session');
		} catch (e) {
			return;
		}
		if (s.user.role !== 'practitioner')
			return;
		BR.setSession(s);
		open.hidden = false;

		async function refresh() {
			let all;
			try {
				all = await BR.api('GET', '/api/v1/patients/' + id + '/invitations');
			} catch (e) {
				return;
			}
			BR.clear(list);
			if (!all.length) {
				list.append(el('p', { class: 'muted', text: 'No diary invitation yet.' }));
				return;
			}
			const ul = el('ul', { class: 'plain' });
			for (const v of all.slice(0, 5)) {
				const li = el('li', {}, v.email + ', ' + v.created_at.slice(0, 10) + ': ' +
					stateText(v) + (v.state === 'open' ? ' (until ' + v.expires_at + ')' : '') + ' ');
				if (v.state === 'open')
					li.append(el('button', { type: 'button', class: 'small-button',
						text: 'Withdraw', on: { click: async () => {
							try {
								await BR.api('POST', '/api/v1/patients/' + id + '/invitations/' +
									v.id + '/revoke', {});
								BR.say(msg, 'ok', 'The link was withdrawn.');
								BR.clear(result);
							} catch (err) {
								BR.showError(msg, null, err);
							}
							refresh();
						} } }));
				ul.append(li);
			}
			list.append(ul);
		}

		open.addEventListener('click', () => {
			card.hidden = false;
			form.hidden = false;
			refresh();
			card.scrollIntoView({ block: 'start' });
			form.email.focus();
		});
		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			const email = form.email.value.trim();
			if (!email) {
				BR.showError(msg, form, new BR.ApiError(0, 'invalid',
					'Enter the patient\'s email address: it is how they sign in.', 'email'));
				return;
			}
			const button = form.querySelector('button[type=submit]');
			button.disabled = true;
			BR.say(msg, '', '');
			try {
				const inv = await BR.api('POST', '/api/v1/patients/' + id + '/invitations', {
					email, days: Number(form.days.value), base_url: location.origin,
				});
				show(result, inv, null);
				form.reset();
				refresh();
			} catch (err) {
				BR.showError(msg, form, err);
			} finally {
				button.disabled = false;
			}
		});
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', chart);
	else
		chart();

	return { show, printLetter, stateText };
})();
