// zod compiles fast parsers with `new Function` unless told not to; under the
// page's CSP (no 'unsafe-eval') that probe is refused and reported as a
// violation. Parsing works without it, so switch it off before any schema runs.
import { z } from 'zod';

z.config({ jitless: true });
