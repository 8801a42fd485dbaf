/** The assertion registry: one module per assertion, one line each here. */
import type { AssertionName } from '../../spec/types.js';
import { allowedFlowsOnly } from './allowed-flows-only.js';
import { identifiersConfined } from './identifiers-confined.js';
import { noCrossBorder } from './no-cross-border.js';
import { noPlaintext } from './no-plaintext.js';
import type { Assertion } from './types.js';

/** Every assertion of SPEC-FORMAT.md by name. */
export const assertions: Readonly<Record<AssertionName, Assertion>> = {
  'no-plaintext': noPlaintext,
  'no-cross-border': noCrossBorder,
  'allowed-flows-only': allowedFlowsOnly,
  'identifiers-confined': identifiersConfined,
};

export type { Assertion, Offence } from './types.js';
