import { writeDocs } from '../functions/core/dictionary/write-docs.js';

await writeDocs();
