/**
 * From a probability vector to the answer apps read: the best label, every score, the top k.
 */
import type { SpeechPrediction } from './recognizer';

/**
 * The label, scores and top k of one probability vector.
 *
 * @example
 * ```ts
 * rankScores(['calm', 'angry'], Float32Array.of(0.2, 0.8), 1).top; // [{ label: 'angry', probability: 0.8 }]
 * ```
 */
export function rankScores(
  labels: readonly string[],
  probabilities: Float32Array,
  topK: number,
): Pick<SpeechPrediction, 'speech' | 'label' | 'scores' | 'top'> {
  const ranked = labels
    .map((label, i) => ({ label, probability: probabilities[i]! }))
    .sort((a, b) => b.probability - a.probability);
  const scores: Record<string, number> = {};
  labels.forEach((label, i) => {
    scores[label] = probabilities[i]!;
  });
  return {
    speech: true,
    label: ranked[0]!.label,
    scores,
    top: ranked.slice(0, Math.min(topK, labels.length)),
  };
}
