import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Segmenter } from './segmenter.ts';

let shared: Segmenter | undefined;

/**
 * jieba with its default dictionary and HMM for words the dictionary lacks. Loading the dictionary takes
 * most of a second, so one instance is made per process, on first use.
 */
export function jiebaSegmenter(): Segmenter {
  if (shared === undefined) {
    const jieba = Jieba.withDict(dict);
    shared = {
      cutForSearch: (text) => jieba.cutForSearch(text, true),
      cut: (text) => jieba.cut(text, true),
    };
  }
  return shared;
}
