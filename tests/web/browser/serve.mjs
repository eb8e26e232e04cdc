// Drives `gklint serve` in real Chromium (Debian's, through playwright-core):
// upload reports, see highlights and findings, click one, read its explanation,
// download the HTML audit report (and the annotated Word file when a .docx is
// given), open the audit report and filter it. Prints one JSON line of facts for
// the pytest side to check; screenshots go to the given folder.
//   node serve.mjs BASE_URL OUT_DIR REPORT [REPORT...]
import { launch } from './browser.mjs';
import fs from 'node:fs';
import path from 'node:path';

const [base, outDir, ...reports] = process.argv.slice(2);
const facts = {};
const { context, page, close } = await launch({ width: 1400, height: 1000 });
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));
try {
  await page.goto(base + '/');
  await page.waitForSelector('#rules details');  // rule docs loaded over the API
  facts.rulesListed = await page.locator('#rules details').count();

  await page.setInputFiles('#file-input', reports);
  await page.waitForSelector('#summary tbody tr');
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('检查完成'));
  facts.status = await page.textContent('#status');
  facts.summaryRows = await page.locator('#summary tbody tr').count();
  facts.verdicts = await page.locator('#summary tbody tr td:nth-child(5)').allTextContents();
  facts.marks = await page.locator('#doc mark').count();
  facts.findings = await page.locator('#findings li').allTextContents();

  // Click the first error finding: its mark is outlined and the explanation shows.
  const first = page.locator('#findings li.sev-error').first();
  await first.click();
  await page.waitForSelector('#doc mark.current');
  facts.currentMarkText = await page.locator('#doc mark.current').first().textContent();
  facts.explanation = await page.textContent('#explain');
  facts.explanationHasRuleLink = await page.locator('#explain a[href^="rules/"]').count();
  await page.screenshot({ path: path.join(outDir, 'serve.png'), fullPage: false });

  // Clicking a mark in the text selects its finding.
  await page.locator('#doc mark').last().click();
  facts.selectedAfterMarkClick = await page.locator('#findings li.current').count();

  // The HTML audit report download.
  const [reportDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#download-report'),
  ]);
  const reportPath = path.join(outDir, 'audit-from-serve.html');
  await reportDownload.saveAs(reportPath);
  facts.reportName = reportDownload.suggestedFilename();

  // The annotated Word download, when the current file is a .docx.
  const docxIndex = reports.findIndex((r) => r.toLowerCase().endsWith('.docx'));
  if (docxIndex >= 0) {
    await page.locator('#tabs button').nth(docxIndex).click();
    facts.docxFindings = await page.locator('#findings li').count();
    facts.docxWhere = await page.locator('#findings .where').allTextContents();
    const [docxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#download-docx'),
    ]);
    const docxPath = path.join(outDir, 'annotated-from-serve.docx');
    await docxDownload.saveAs(docxPath);
    facts.docxName = docxDownload.suggestedFilename();
    facts.docxPath = docxPath;
  }

  // Open the audit report from disk (as from a USB stick) and filter it.
  const audit = await context.newPage();
  audit.on('pageerror', (e) => consoleErrors.push('audit: ' + String(e)));
  await audit.goto('file://' + reportPath);
  facts.auditFindings = await audit.locator('.finding').count();
  await audit.selectOption('#f-sev', 'error');
  facts.auditErrorsShown = await audit.locator('.finding:not(.hidden)').count();
  facts.auditFilterCount = await audit.textContent('#f-count');
  await audit.selectOption('#f-sev', '');
  await audit.screenshot({ path: path.join(outDir, 'audit-report.png'), fullPage: false });
  facts.consoleErrors = consoleErrors;
} finally {
  await close();
}
console.log(JSON.stringify(facts));
