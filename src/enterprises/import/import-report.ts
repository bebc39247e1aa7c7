import { ImportReportBase, ImportReportBuilder as ReportBuilder } from '../../common/spreadsheet/import-report';
import { SpreadsheetKind, TextEncoding } from '../../common/spreadsheet/spreadsheet-reader';

export { MAX_LISTED_ISSUES } from '../../common/spreadsheet/import-report';

/** What the enterprise import answers: created enterprises, enterprises filled (updated), and contacts. */
export interface ImportReport extends ImportReportBase {
  contactsCreated: number;
}

export class ImportReportBuilder extends ReportBuilder<ImportReport> {
  constructor(dryRun: boolean, fileType: SpreadsheetKind, encoding?: TextEncoding) {
    super(dryRun, fileType, encoding, { contactsCreated: 0 });
  }
}
