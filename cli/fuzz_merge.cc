// `faultline fuzz --merge`: the shards of one campaign as the campaign itself.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/exit_codes.h"
#include "cli/fuzz_command.h"
#include "cli/fuzz_report.h"
#include "cli/output_file.h"

namespace faultline::cli {
namespace {

using nlohmann::json;

int Bad(const std::string& where, const std::string& what) {
  std::fprintf(stderr, "faultline fuzz --merge: %s: %s\n", where.c_str(), what.c_str());
  return kExitDataErr;
}

// The header without its shard: what every shard of one campaign shares.
json Identity(CampaignHeader h) {
  h.shard = 0;
  h.shards = 1;
  return HeaderJson(h);
}

}  // namespace

int MergeCampaigns(const std::vector<std::string>& files, const std::string& format,
                   const std::string& junit_path, const std::string& github_path) {
  if (files.empty()) {
    std::fprintf(stderr, "faultline fuzz: --merge needs campaign.jsonl files\n");
    return kExitUsage;
  }
  std::optional<CampaignHeader> campaign;
  std::map<uint64_t, std::string> shard_files;  // shard -> file
  std::map<uint64_t, CampaignRun> runs;         // run index -> record
  std::map<uint64_t, std::string> run_where;
  for (const std::string& file : files) {
    std::ifstream in(file);
    if (!in) return Bad(file, "cannot be read (no such file, or not readable)");
    std::string line;
    uint64_t line_no = 0;
    std::optional<CampaignHeader> header;
    while (std::getline(in, line)) {
      ++line_no;
      const std::string where = absl::StrCat(file, ":", line_no);
      if (line.empty()) continue;
      json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) return Bad(where, "not a JSON line; give the campaign.jsonl a fuzz campaign wrote");
      if (!header) {
        absl::StatusOr<CampaignHeader> h = HeaderFromJson(j);
        if (!h.ok()) return Bad(where, absl::StrCat(h.status().message(), "; give the campaign.jsonl a fuzz campaign wrote"));
        header = *h;
        if (!campaign) {
          campaign = *h;
        } else if (Identity(*campaign) != Identity(*h)) {
          return Bad(where, absl::StrCat("a shard of another campaign (the scenario file, its overrides, "
                                         "seeds, runs, swarm or the faultline version differ from ",
                                         shard_files.begin()->second, ")"));
        } else if (campaign->shards != h->shards) {
          return Bad(where, absl::StrCat("shard ", h->shard + 1, "/", h->shards, " of a campaign split ",
                                         campaign->shards, " ways in ", shard_files.begin()->second));
        }
        if (auto [it, fresh] = shard_files.emplace(h->shard, file); !fresh) {
          return Bad(where, absl::StrCat("shard ", h->shard + 1, "/", h->shards, " is also ", it->second));
        }
        continue;
      }
      absl::StatusOr<CampaignRun> run = RunFromJson(j);
      if (!run.ok()) return Bad(where, std::string(run.status().message()));
      if (run->index % header->shards != header->shard) {
        return Bad(where, absl::StrCat("run ", run->index, " is not in shard ", header->shard + 1, "/",
                                       header->shards));
      }
      if (run->seed != campaign->first_seed + run->index) {
        return Bad(where, absl::StrCat("run ", run->index, " has seed ", run->seed, ", not ",
                                       campaign->first_seed + run->index, " (seed-start + run)"));
      }
      if (campaign->runs > 0 && run->index >= campaign->runs) {
        return Bad(where, absl::StrCat("run ", run->index, " is past the campaign's ", campaign->runs, " runs"));
      }
      if (auto [it, fresh] = run_where.emplace(run->index, where); !fresh) {
        return Bad(where, absl::StrCat("run ", run->index, " is also at ", it->second));
      }
      runs.emplace(run->index, *std::move(run));
    }
    if (!header) return Bad(file, "is empty; give the campaign.jsonl a fuzz campaign wrote");
  }
  std::vector<std::string> missing;
  for (uint64_t s = 0; s < campaign->shards; ++s) {
    if (shard_files.count(s) == 0) missing.push_back(absl::StrCat(s + 1, "/", campaign->shards));
  }
  // A campaign of --runs N is complete when every run 0..N-1 is there; a shard cut short
  // (a timeout, a signal) or lost leaves it incomplete, and the merge says so in its exit
  // code: 2 unless a run failed (a failure is a failure, whatever is missing).
  bool incomplete = false;
  if (!missing.empty()) {
    incomplete = true;
    std::fprintf(stderr,
                 "faultline fuzz --merge: shards %s are missing; the summary covers the %zu "
                 "runs of the shards given\n",
                 absl::StrJoin(missing, ", ").c_str(), runs.size());
  } else if (campaign->runs > 0 && runs.size() < campaign->runs) {
    incomplete = true;
    std::fprintf(stderr,
                 "faultline fuzz --merge: %llu of the campaign's %llu runs are missing (a shard "
                 "stopped early); the summary covers the %zu runs given\n",
                 static_cast<unsigned long long>(campaign->runs - runs.size()),
                 static_cast<unsigned long long>(campaign->runs), runs.size());
  }
  CampaignSummary summary;
  summary.header = *campaign;
  summary.header.shard = 0;
  summary.header.shards = 1;
  std::string lines = HeaderJson(summary.header).dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  for (const auto& [index, run] : runs) {
    AddRun(run, &summary);
    absl::StrAppend(&lines, RunJson(run).dump(-1, ' ', false, json::error_handler_t::replace), "\n");
  }
  if (format == "json") {
    std::cout << lines;
  } else {
    std::cout << SummaryTable(summary, {});
  }
  if (!junit_path.empty()) {
    if (absl::Status st = WriteFileAtomically(junit_path, JUnitXml(summary, {})); !st.ok()) {
      return ReportError(st);
    }
  }
  if (!github_path.empty()) {
    if (absl::Status st = AppendToFile(github_path, GithubSummaryMarkdown(summary, {})); !st.ok()) {
      return ReportError(st);
    }
  }
  const int code = CampaignExitCode(summary);
  return incomplete && code == kExitOk ? kExitUnknown : code;
}

}  // namespace faultline::cli
