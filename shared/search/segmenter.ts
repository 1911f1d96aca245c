/** Chinese word segmentation, behind a port so that the index does not depend on one library. */
export interface Segmenter {
  /** Search mode: every word plus the dictionary words inside long ones (电动自行车 → 电动, 自行车, 自行, 行车). */
  cutForSearch(text: string): string[];
  /** Precise mode: the most likely segmentation, used for queries. */
  cut(text: string): string[];
}
