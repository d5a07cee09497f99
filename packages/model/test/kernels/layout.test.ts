import { beforeAll, describe, expect, it } from 'vitest';
import { registerSimdBackend } from '../../src/kernels/backend';
import { tf } from '../../src/tf';
import { tensorsOnBoth } from './compare';

beforeAll(() => {
  registerSimdBackend();
});

const x4 = () => tf.randomNormal([3, 4, 5, 6], 0, 1, 'float32', 7);

describe('ser-simd layout and broadcasting kernels', () => {
  it.each([
    ['a box inside a 4-d tensor', () => tf.slice(x4(), [1, 1, 2, 0], [2, 2, 3, 4])],
    ['the last axis only', () => tf.slice(x4(), [0, 0, 0, 3], [-1, -1, -1, 2])],
    [
      'an int32 tensor',
      () => tf.slice(tf.reshape(tf.range(0, 60, 1, 'int32'), [3, 4, 5]), [0, 1, 1], [3, 2, 3]),
    ],
    ['a contiguous block', () => tf.slice(x4(), [1, 0, 0, 0], [1, 4, 5, 6])],
    ['an empty box', () => tf.slice(x4(), [0, 0, 0, 0], [3, 0, 5, 6])],
    ['a box out of bounds (an error)', () => tf.slice(x4(), [0, 0, 0, 4], [3, 4, 5, 4])],
  ])('slice %s as the cpu backend does', async (_, f) => {
    const { reference, simd } = await tensorsOnBoth(f);
    expect(simd).toEqual(reference);
  });

  it.each([
    ['the last axis, unequal pieces', () => tf.split(x4(), [1, 2, 3], 3)],
    ['a middle axis, equal pieces', () => tf.split(x4(), 2, 1)],
    ['sizes that do not add up (an error)', () => tf.split(x4(), [1, 2], 3)],
  ])('split along %s as the cpu backend does', async (_, f) => {
    const { reference, simd } = await tensorsOnBoth(f);
    expect(simd).toEqual(reference);
  });

  it.each([
    ['the time axis', [1]],
    ['the last axis', [3]],
    ['three axes', [0, 2, 3]],
  ])('reverse along %s as the cpu backend does', async (_, axes) => {
    const { reference, simd } = await tensorsOnBoth(() => tf.reverse(x4(), axes));
    expect(simd).toEqual(reference);
  });

  it.each([
    ['sum over the leading axes, keeping dims', () => tf.sum(x4(), [0, 1, 2], true)],
    ['sum over a middle axis', () => tf.sum(x4(), 1)],
    ['sum over the last axis', () => tf.sum(x4(), -1)],
    ['sum over everything', () => tf.sum(x4())],
    ['mean over the leading axes (batch normalisation moments)', () => tf.mean(x4(), [0, 1, 2])],
    ['mean over two axes, keeping dims', () => tf.mean(x4(), [1, 3], true)],
    ['an int32 sum (left to the cpu kernel)', () => tf.sum(tf.ones([3, 4], 'int32'), 0)],
    ['an axis out of range (an error)', () => tf.sum(x4(), 4)],
  ])('reduce with %s as the cpu backend does', async (_, f) => {
    const { reference, simd } = await tensorsOnBoth(f);
    expect(simd).toEqual(reference);
  });

  const a = () => tf.randomNormal([4, 5, 6], 0, 1, 'float32', 1);
  it.each([
    [
      'a mask over the last axis',
      () => tf.mul(a(), tf.randomUniform([4, 5, 1], 0, 2, 'float32', 2)),
    ],
    ['a row added to every step', () => tf.add(tf.randomNormal([1, 6], 0, 1, 'float32', 3), a())],
    ['a per-sequence divisor', () => tf.div(a(), tf.randomUniform([4, 1, 1], 1, 2, 'float32', 4))],
    [
      'a difference against a middle axis',
      () => tf.sub(a(), tf.randomNormal([4, 1, 6], 0, 1, 'float32', 5)),
    ],
    [
      'operands of the same shape',
      () => tf.mul(a(), tf.randomNormal([4, 5, 6], 0, 1, 'float32', 9)),
    ],
    [
      'a [1, 1, 6] operand (batch normalisation)',
      () => tf.mul(a(), tf.randomNormal([1, 1, 6], 0, 1, 'float32', 8)),
    ],
    [
      'a squared difference',
      () => tf.squaredDifference(a(), tf.randomNormal([5, 1], 0, 1, 'float32', 6)),
    ],
    [
      'maximum and minimum',
      () => [tf.maximum(a(), tf.zeros([6])), tf.minimum(tf.zeros([4, 1, 1]), a())],
    ],
    [
      'an int32 pair (left to the cpu kernel)',
      () => tf.add(tf.ones([2, 3], 'int32'), tf.ones([3], 'int32')),
    ],
    ['incompatible shapes (an error)', () => tf.mul(a(), tf.ones([4, 2, 6]))],
  ])('compute %s with broadcasting as the cpu backend does', async (_, f) => {
    const { reference, simd } = await tensorsOnBoth(f);
    expect(simd).toEqual(reference);
  });
});
