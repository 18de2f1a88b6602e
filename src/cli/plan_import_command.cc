#include "cli/plan_import_command.h"

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/import_document.h"
#include "planimport/document.h"

namespace carbonpeak::cli {
namespace {

struct Args {
  std::string file;
  std::string author = "cli";
  bool dry_run = false;
  bool json = false;
};

void PrintHuman(const app::DocumentImportResult& r, bool dry_run, std::ostream& out) {
  const planimport::DocumentImport& d = r.import;
  size_t numbered = 0, delegated = 0, qualitative = 0, tasks = 0;
  for (const domain::Target* t : d.AllTargets()) {
    if (t->kind == domain::TargetKind::kDelegated) {
      ++delegated;
    } else if (t->kind == domain::TargetKind::kQualitative) {
      ++qualitative;
    } else {
      ++numbered;
    }
  }
  for (const auto& a : d.plan.actions) tasks += a.tasks.size();
  out << (dry_run ? "dry run (nothing stored): " : "") << d.plan.title << " ["
      << (d.plan.region_code.empty() ? "region unknown" : d.plan.region_code) << "] from "
      << d.plan.source_document << " (" << d.format << ")\n";
  out << "  targets: " << numbered << " with a number, " << delegated << " delegated, "
      << qualitative << " qualitative; actions " << d.plan.actions.size() << ", tasks " << tasks
      << ", units " << d.plan.units.size() << ", projects " << d.plan.projects.size()
      << ", requirements " << d.requirements.size() << "\n";
  if (r.plan_id) out << "  stored as plan " << *r.plan_id << "\n";
  for (const planimport::Diagnostic& diag : d.diagnostics) {
    out << "  " << planimport::SeverityName(diag.severity) << " [" << diag.code << "] "
        << diag.message << "\n";
  }
  for (const std::string& p : r.problems) out << "  invalid: " << p << "\n";
}

}  // namespace

void AddPlanImportCommand(CLI::App* plan, PlatformOpener open, const bool* global_json,
                          std::ostream& out, Status* result) {
  auto args = std::make_shared<Args>();
  auto* cmd = plan->add_subcommand("import",
                                   "import a plan document (.txt UTF-8/GB18030, .docx, .pdf); see "
                                   "docs/formats/plan-documents.md");
  cmd->add_option("file", args->file, "the plan document")->required();
  cmd->add_flag("--dry-run", args->dry_run, "read and check only: print the plan and diagnostics");
  cmd->add_flag("--json", args->json, "machine-readable JSON output");
  cmd->add_option("--author", args->author, "who imports it (kept in the audit log)");
  cmd->callback([args, open, global_json, &out, result] {
    Result<std::unique_ptr<app::Platform>> platform = open();
    if (!platform.ok()) {
      *result = platform.status();
      return;
    }
    app::ImportDocumentOptions options;
    options.dry_run = args->dry_run;
    options.author = args->author;
    Result<app::DocumentImportResult> r = app::ImportPlanDocument(**platform, args->file, options);
    if (!r.ok()) {
      *result = r.status();
      return;
    }
    bool json = args->json || (global_json != nullptr && *global_json);
    if (json) {
      nlohmann::json doc = nlohmann::json::parse(planimport::DocumentImportToJson(r->import));
      doc["validation_problems"] = r->problems;
      doc["stored_plan_id"] = r->plan_id ? nlohmann::json(*r->plan_id) : nlohmann::json(nullptr);
      out << doc.dump(2) << "\n";
    } else {
      PrintHuman(*r, args->dry_run, out);
    }
    *result = Status::Ok();
  });
}

}  // namespace carbonpeak::cli
