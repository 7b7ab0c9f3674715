// The Run panel: streams an agent run — the model's text, a card per tool call with its
// arguments, result and timing, and the running cost. Model and tool output is shown as text.
import { Run, type RunEvent, type RunStart } from '../protocol';
import { byId, cacheHitLabel, count, h, ms, progressLine, replaceChildren, usd } from '../dom';
import { connectPage } from '../page';

const { channel } = connectPage<never>();
const transcript = byId('transcript');
const cancel = byId<HTMLButtonElement>('cancel');
let currentText: HTMLElement | undefined;
let currentStep: HTMLElement | undefined;
/** What cached steps of this run would have cost (unpriced ones aside). */
let savedUsd = 0;
const cards = new Map<string, HTMLElement>();

cancel.addEventListener('click', () => channel.notify(Run.cancel, undefined));

function onEvent(event: RunEvent): void {
  switch (event.type) {
    case 'run-start':
      byId('execution').textContent = `execution ${event.executionId}`;
      break;
    case 'tools-offered':
      showOffer(event);
      break;
    case 'step-start':
      currentText = h('div', { class: 'assistant-text' });
      currentStep = h('div', { class: 'step' }, h('div', { class: 'muted' }, `Step ${event.step}`), currentText);
      transcript.appendChild(currentStep);
      break;
    case 'text-delta':
      currentText?.appendChild(document.createTextNode(event.text));
      break;
    case 'tool-call-start': {
      const card = h(
        'div',
        { class: 'card tool-card', 'data-call': event.callId },
        h('div', {}, h('strong', {}, event.name), h('span', { class: 'muted status' }, ' running…')),
        h('pre', { class: 'args' }, JSON.stringify(event.arguments, null, 2)),
      );
      cards.set(event.callId, card);
      transcript.appendChild(card);
      break;
    }
    case 'tool-call-progress': {
      const card = cards.get(event.callId);
      if (!card) break;
      const line = card.querySelector<HTMLElement>('.progress') ?? h('div', { class: 'muted progress' });
      if (!line.isConnected) card.querySelector('.args')?.before(line);
      line.textContent = progressLine(event);
      break;
    }
    case 'tool-call-end': {
      const card = cards.get(event.callId);
      if (!card) break;
      card.querySelector('.progress')?.remove();
      const status = card.querySelector('.status');
      if (status) status.textContent = ` ${event.isError ? 'failed' : 'done'} in ${ms(event.durationMs)}`;
      card.classList.toggle('error', event.isError);
      card.appendChild(h('pre', { class: 'result' }, event.resultText));
      if (event.structuredJson) card.appendChild(h('details', { class: 'structured' }, h('summary', {}, 'Structured content (JSON)'), h('pre', { class: 'result json' }, event.structuredJson)));
      break;
    }
    case 'step-end': {
      // A cache hit's $0 and uncounted tokens would read as a free call: say where the answer came from.
      const line = event.cached ? cacheHitLabel(event.savedUsd) : `${usd(event.costUsd)} · ${count(event.tokens)} tokens`;
      currentStep?.appendChild(h('div', { class: event.cached ? 'step-cost cache-hit' : 'step-cost muted' }, line));
      savedUsd += event.savedUsd ?? 0;
      byId('cost').textContent = `${usd(event.runCostUsd)}${event.costUsd === null ? ' (some calls unpriced)' : ''}${savedUsd > 0 ? ` · saved ${usd(savedUsd)} by the cache` : ''}`;
      break;
    }
    case 'run-end': {
      cancel.disabled = true;
      const why: Record<typeof event.reason, string> = {
        done: 'Finished',
        'max-steps': 'Stopped: the step limit was reached',
        'max-cost': 'Stopped: the run’s cost cap was reached',
        cancelled: 'Cancelled',
        error: `Failed: ${event.error ?? 'unknown error'}`,
      };
      const saved = savedUsd > 0 ? ` (saved ${usd(savedUsd)} by the cache)` : '';
      byId('state').textContent = `${why[event.reason]} after ${event.steps} step(s), ${usd(event.runCostUsd)}${saved}.`;
      byId('state').className = event.reason === 'error' ? 'error' : 'muted';
      break;
    }
  }
  window.scrollTo({ top: document.body.scrollHeight });
}

/** Says how many tools the model got and, when some were left out, which and what that saved. */
function showOffer(event: Extract<RunEvent, { type: 'tools-offered' }>): void {
  const line = `${count(event.offered)} tool(s) offered${event.tokens ? ` (~${count(event.tokens)} schema tokens per step)` : ''}`;
  if (event.leftOut.length === 0) {
    transcript.appendChild(h('div', { class: 'muted tools-offered' }, line));
    return;
  }
  const summary = `${line}; ${count(event.leftOut.length)} left out by the tool limit, saving ~${count(event.savedTokens)} schema tokens per step`;
  transcript.appendChild(
    h('details', { class: 'tools-offered' }, h('summary', { class: 'muted' }, summary), h('pre', { class: 'left-out' }, event.leftOut.join('\n'))),
  );
}

function start(run: RunStart): void {
  replaceChildren(transcript);
  cards.clear();
  savedUsd = 0;
  cancel.disabled = false;
  byId('title').textContent = run.title;
  byId('model').textContent = `${run.provider} · ${run.model}${run.maxCostUsd ? ` · cap ${usd(run.maxCostUsd)}` : ''}`;
  byId('state').textContent = 'Running…';
  byId('cost').textContent = usd(0);
}

channel.onNotification(Run.start, start);
channel.onNotification(Run.event, onEvent);
channel.ready();
