export {
  buildDataDictionary,
  type DictionaryColumn,
  type DictionaryTable,
  dictionaryMarkdown,
  tableMarkdown,
} from './data-dictionary.js';
