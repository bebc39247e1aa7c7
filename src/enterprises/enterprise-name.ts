/**
 * Company names as people and registries write them differ in width, spacing and the legal
 * suffix; the normalised form is what duplicates are judged by.
 */
const LEGAL_SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司', '股份公司', '公司'];

/** 梅花生物科技集团股份有限公司 and 梅花生物科技集团有限公司 normalise alike; so do （） and (). */
export function normalizeEnterpriseName(name: string): string {
  let n = name
    .normalize('NFKC') // full-width letters, digits and brackets to half-width
    .replace(/[\s\u3000]+/g, '')
    // NFKC has already turned ［］ into [], so the half-width forms are the ones to catch.
    .replace(/[[【〔]/g, '(')
    .replace(/[\]】〕]/g, ')')
    .toLowerCase();
  for (const suffix of LEGAL_SUFFIXES) {
    if (n.endsWith(suffix) && n.length > suffix.length) {
      n = n.slice(0, -suffix.length);
      break;
    }
  }
  return n;
}

// The search form and its grams serve every domain's search: they live in common/text.
export { searchGrams, searchText } from '../common/text/search-text';
