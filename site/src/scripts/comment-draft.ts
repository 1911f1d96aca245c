/**
 * Keeps what a person typed in the comment form until a receipt arrives: in the page, and in session
 * storage, so that a reload, a crash of the tab's page or a failed submission loses nothing. Contact
 * details are not written to storage (they stay in the page only), since they are the most private part.
 */

export interface DraftControls {
  target: HTMLSelectElement;
  stances: HTMLInputElement[];
  body: HTMLTextAreaElement;
  wording: HTMLTextAreaElement;
  displayName: HTMLInputElement;
  publishName: HTMLInputElement;
}

interface Draft {
  articleId: string;
  stance: string;
  body: string;
  proposedWording: string;
  displayName: string;
  publishName: boolean;
}

const keyOf = (consultationId: string): string => `yijian:draft:${consultationId}`;

function readDraft(consultationId: string): Draft | undefined {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(keyOf(consultationId)) ?? 'null');
    if (typeof value !== 'object' || value === null) return undefined;
    const text = (name: string): string => {
      const v: unknown = Reflect.get(value, name);
      return typeof v === 'string' ? v : '';
    };
    return {
      articleId: text('articleId'),
      stance: text('stance'),
      body: text('body'),
      proposedWording: text('proposedWording'),
      displayName: text('displayName'),
      publishName: Reflect.get(value, 'publishName') === true,
    };
  } catch {
    return undefined;
  }
}

/**
 * Restores a saved draft into empty controls (returns whether anything was restored) and saves the
 * controls on every change from then on.
 */
export function keepDraft(consultationId: string, controls: DraftControls): boolean {
  const saved = readDraft(consultationId);
  let restored = false;
  if (saved !== undefined && controls.body.value === '' && saved.body !== '') {
    if ([...controls.target.options].some((o) => o.value === saved.articleId)) {
      controls.target.value = saved.articleId;
    }
    for (const radio of controls.stances) radio.checked = radio.value === saved.stance;
    controls.body.value = saved.body;
    controls.wording.value = saved.proposedWording;
    controls.displayName.value = saved.displayName;
    controls.publishName.checked = saved.publishName;
    restored = true;
  }
  const save = (): void => {
    const draft: Draft = {
      articleId: controls.target.value,
      stance: controls.stances.find((r) => r.checked)?.value ?? '',
      body: controls.body.value,
      proposedWording: controls.wording.value,
      displayName: controls.displayName.value,
      publishName: controls.publishName.checked,
    };
    try {
      sessionStorage.setItem(keyOf(consultationId), JSON.stringify(draft));
    } catch {
      // Storage full or refused: the draft still stays in the page.
    }
  };
  const form = controls.body.form;
  form?.addEventListener('input', save);
  form?.addEventListener('change', save);
  return restored;
}

/** Forgets the draft once the comment has a receipt. */
export function forgetDraft(consultationId: string): void {
  try {
    sessionStorage.removeItem(keyOf(consultationId));
  } catch {
    // Nothing stored.
  }
}
