using Coverage.Domain.Access;
using Coverage.Infrastructure.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coverage.Infrastructure.Data.Configurations;

internal sealed class DashboardUserConfiguration : IEntityTypeConfiguration<DashboardUser>
{
    public void Configure(EntityTypeBuilder<DashboardUser> b)
    {
        // One role per user, on the user row (Identity's role tables are not used: IdentityUserContext).
        b.ToTable("users");
        b.HasIdColumn(u => u.Role, "users", "role", 32);
        b.Property(u => u.ScopeCode).HasMaxLength(6);
    }
}

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> b)
    {
        b.ToTable("access_tokens");
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.Property(t => t.Prefix).HasMaxLength(16);
        b.Property(t => t.LastUsedIp).HasMaxLength(64);
        b.HasIndex(t => t.Hash).IsUnique();
        b.Ignore(t => t.UserEmail);
        b.HasOne<DashboardUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DisplayLinkConfiguration : IEntityTypeConfiguration<DisplayLink>
{
    public void Configure(EntityTypeBuilder<DisplayLink> b)
    {
        b.ToTable("display_links");
        b.Property(d => d.Name).HasMaxLength(100);
        b.Property(d => d.ScopeCode).HasMaxLength(4);
        b.Property(d => d.Hash).HasMaxLength(64);
        b.Property(d => d.Prefix).HasMaxLength(16);
        b.Property(d => d.CreatedBy).HasMaxLength(256);
        b.Property(d => d.LastSeenIp).HasMaxLength(64);
        b.HasIndex(d => d.Hash).IsUnique();
        b.Ignore(d => d.Scope);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const string Table = "audit_log";

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable(Table);
        b.HasIdColumn(a => a.Action, Table, "action", 32);
        b.Property(a => a.Actor).HasMaxLength(256);
        b.Property(a => a.Ip).HasMaxLength(64);
        b.Property(a => a.Target).HasMaxLength(256);
        b.Property(a => a.Detail).HasMaxLength(2000);
        b.HasIndex(a => a.At);
    }
}

internal sealed class IdentityTableNames :
    IEntityTypeConfiguration<IdentityUserClaim<string>>, IEntityTypeConfiguration<IdentityUserLogin<string>>, IEntityTypeConfiguration<IdentityUserToken<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<string>> b) => b.ToTable("user_claims");
    public void Configure(EntityTypeBuilder<IdentityUserLogin<string>> b) => b.ToTable("user_logins");
    public void Configure(EntityTypeBuilder<IdentityUserToken<string>> b) => b.ToTable("user_tokens");
}
