/*
 * help.js - the safety-net page works signed in or not; "Back" returns
 * to the page the person came from.
 */
'use strict';

document.getElementById('back').addEventListener('click', (e) => {
	if (history.length > 1) {
		e.preventDefault();
		history.back();
	}
});
