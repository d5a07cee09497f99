export { AudioFormatError, type AudioFormatProblem, FeatureParameterError } from './errors';
export { createMatrix, type Matrix, rowMeans } from './matrix';
export { type EncodeWavOptions, encodeWav, type WavSampleFormat } from './wav-encode';
