package org.moelab.kernel.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.kernel.magic.CellPlan;
import org.moelab.kernel.magic.Magic;
import org.moelab.kernel.magic.MagicCall;
import org.moelab.kernel.magic.MagicContext;
import org.moelab.kernel.magic.MagicException;
import org.moelab.kernel.magic.Magics;
import org.moelab.runtime.Interrupted;
import org.moelab.session.Display;
import org.moelab.session.RunResult;
import org.moelab.session.RunStatus;
import org.moelab.session.Session;
import org.moelab.session.SessionListener;
import org.moelab.source.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one cell: its leading magics in order, then its code, stopping at the first failure. It is
 * also the context the magics see. Exceptions escaping the session become an {@code
 * InternalError} report; the kernel keeps running.
 */
public final class CellRunner implements MagicContext {
  private static final Logger LOG = LoggerFactory.getLogger(CellRunner.class);

  private static final RunResult INTERRUPTED =
      new RunResult(RunStatus.INTERRUPTED, List.of(), "", java.util.Optional.empty());

  private final Session session;
  private final SessionListener output;
  private final Magics magics;
  private final Path workingDirectory;
  private final List<Map<String, Object>> pages = new ArrayList<>();

  /**
   * @param session the kernel's session
   * @param output where magics print
   * @param magics the magics cells may use
   * @param workingDirectory where {@code %load} resolves relative paths
   */
  public CellRunner(Session session, SessionListener output, Magics magics, Path workingDirectory) {
    this.session = session;
    this.output = output;
    this.magics = magics;
    this.workingDirectory = workingDirectory;
  }

  /** Runs {@code code}, naming its source {@code sourceName} in diagnostics. */
  public CellOutcome run(String code, String sourceName) {
    pages.clear();
    try {
      return outcome(runPlan(CellPlan.parse(code), sourceName));
    } catch (MagicException e) {
      return new CellOutcome.Failed(ErrorReport.usage(e.getMessage()));
    } catch (Interrupted e) {
      // The session should report INTERRUPTED itself; an interrupt during checking escapes as this.
      return new CellOutcome.Failed(ErrorReport.of(INTERRUPTED));
    } catch (StackOverflowError e) {
      return new CellOutcome.Failed(ErrorReport.tooDeep());
    } catch (RuntimeException e) {
      LOG.error("A cell failed inside the kernel or session.", e);
      return new CellOutcome.Failed(ErrorReport.internal(e));
    }
  }

  private RunResult runPlan(CellPlan plan, String sourceName) {
    RunResult last = Magic.done();
    for (MagicCall call : plan.magics()) {
      last = magics.get(call.name()).run(call.argument(), this);
      if (!last.ok()) {
        return last;
      }
    }
    return plan.hasBody() ? run(new Source(sourceName, plan.body())) : last;
  }

  private static CellOutcome outcome(RunResult result) {
    return result.ok()
        ? new CellOutcome.Ok(result.result())
        : new CellOutcome.Failed(ErrorReport.of(result));
  }

  /** The pager payloads the last cell asked for, as execute_reply payload entries. */
  public List<Map<String, Object>> pages() {
    return List.copyOf(pages);
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public SessionListener output() {
    return output;
  }

  @Override
  public RunResult run(Source source) {
    return session.run(source);
  }

  @Override
  public void page(Display page) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("source", "page");
    payload.put("data", page.data());
    payload.put("start", 0);
    pages.add(payload);
  }

  @Override
  public Path workingDirectory() {
    return workingDirectory;
  }

  @Override
  public Magics magics() {
    return magics;
  }
}
