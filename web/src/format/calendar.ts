import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

/*
 * Imported (for this effect) by every module that shows an antd date picker: months, weekdays
 * and weeks from Monday in Chinese (antd's zh_CN covers only its own words). Not in main.tsx,
 * which would put dayjs into every first screen's download; calendar.test.ts keeps the imports
 * complete, so no picker depends on another page having been opened first.
 */
dayjs.locale('zh-cn');
