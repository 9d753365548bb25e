#include "cli/fuzz_out_dir.h"

#include <unistd.h>

#include <filesystem>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/output_file.h"

namespace faultline::cli {
namespace {

namespace fs = std::filesystem;

absl::Status Refuse(const std::string& dir, const std::string& why) {
  return absl::PermissionDeniedError(
      absl::StrCat("cannot use the fuzz output directory ", dir, ": ", why));
}

// The previous campaign's repro directories, each checked to hold only what a campaign
// writes there.
absl::StatusOr<std::vector<std::string>> PreviousRepros(const std::string& dir) {
  std::vector<std::string> repros;
  const fs::path root = fs::path(dir) / "repros";
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(root, ec))) return repros;
  if (!fs::is_directory(fs::symlink_status(root, ec))) {
    return Refuse(dir, "repros is not a directory; move it away or give another --out");
  }
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path entry = it->path();
    bool ours = fs::is_directory(fs::symlink_status(entry, ec));
    for (fs::directory_iterator in(entry, ec), e2; ours && !ec && in != e2; in.increment(ec)) {
      const std::string name = in->path().filename().string();
      ours = name == "repro.yaml" || name == "run";
    }
    if (!ours) {
      return Refuse(dir, absl::StrCat("repros/", entry.filename().string(),
                                      " holds files a fuzz campaign did not write; move them "
                                      "away or give another --out"));
    }
    repros.push_back(entry.string());
  }
  if (ec) return Refuse(dir, absl::StrCat("listing repros/: ", ec.message()));
  return repros;
}

}  // namespace

bool FuzzOutDir::Inside(const std::string& path, const std::string& dir) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  const fs::path d = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec) return false;
  auto [dir_end, p_it] = std::mismatch(d.begin(), d.end(), p.begin(), p.end());
  return dir_end == d.end();
}

absl::StatusOr<FuzzOutDir> FuzzOutDir::Claim(const std::string& dir, const std::string& input) {
  if (FuzzOutDir::Inside(input, dir)) {
    return Refuse(dir, absl::StrCat("the scenario ", input,
                                    " is inside it and could be removed; copy it elsewhere or "
                                    "give another --out"));
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return Refuse(dir, "it exists and is not a directory; give another --out");
  }
  absl::StatusOr<std::vector<std::string>> repros = PreviousRepros(dir);
  if (!repros.ok()) return repros.status();
  RunDirOptions options;
  options.noun = "fuzz output directory";
  options.writer = "a faultline fuzz";
  options.subdirs = {"repros", "work"};
  absl::StatusOr<RunDir> claimed =
      RunDir::Claim(dir, {"campaign.jsonl", "summary.json", "repros", "work"}, input, options);
  if (!claimed.ok()) return claimed.status();
  for (const std::string& repro : *repros) {
    if (fs::exists(fs::symlink_status(repro + "/run", ec))) {
      if (absl::Status st = RemoveRunDir(repro + "/run", input); !st.ok()) return st;
    }
    fs::remove(repro + "/repro.yaml", ec);
    fs::remove(repro, ec);
    if (ec) return Refuse(dir, absl::StrCat("removing ", repro, ": ", ec.message()));
  }
  fs::remove_all(fs::path(dir) / "work", ec);
  fs::create_directories(fs::path(dir) / "repros", ec);
  if (ec) return Refuse(dir, absl::StrCat("creating repros/: ", ec.message()));
  return FuzzOutDir(dir, std::make_unique<RunDir>(*std::move(claimed)));
}

absl::Status FuzzOutDir::Write(const std::string& name, const std::string& text) const {
  return WriteFileAtomically(absl::StrCat(dir_, "/", name), text);
}

void FuzzOutDir::RemoveScratch() const {
  std::error_code ec;
  fs::remove_all(fs::path(dir_) / "work", ec);
}

}  // namespace faultline::cli
